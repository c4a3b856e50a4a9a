import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

describe("clientIp", () => {
  it("believes X-Forwarded-For only behind a trusted proxy", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7" }), false)).toBeNull();
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7" }), true)).toBe("198.51.100.7");
  });

  it("takes the hop the proxy appended, not what the client wrote before it", () => {
    expect(clientIp({ "x-forwarded-for": "1.2.3.4, 198.51.100.7" }, true)).toBe("198.51.100.7");
    expect(clientIp({ "x-forwarded-for": ["1.2.3.4", "198.51.100.7:5123"] }, true)).toBe("198.51.100.7");
    expect(clientIp({ "x-forwarded-for": "[2001:DB8::1]:443" }, true)).toBe("2001:db8::1");
  });

  it("ignores what is not an address", () => {
    expect(clientIp({ "x-forwarded-for": "1.2.3.4, not-an-ip" }, true)).toBeNull();
    expect(clientIp({}, true)).toBeNull();
    expect(clientIp(undefined, true)).toBeNull();
  });
});
