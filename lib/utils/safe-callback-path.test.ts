import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback-path";

const origin = "http://localhost:3210";

describe("safeCallbackPath", () => {
  it.each([
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "%2F%2Fevil.example",
    "/%2Fevil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%252F%252Fevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "/.//evil.example",
    "/./%2Fevil.example",
    "/x/..//evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/x",
    "http://localhost:3210@evil.example/x",
    "http://localhost:3211/x",
    "https://localhost:3210/x",
    "//localhost:3210/x",
    "evil.example",
    "%E0%A4%A",
    "/%E0%A4%A",
    "",
    "/" + "a".repeat(3000),
  ])("refuses %j", (input) => {
    expect(safeCallbackPath(input, origin)).toBe("/");
  });

  it("refuses what is not a string", () => {
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(null)).toBe("/");
    expect(safeCallbackPath(["/acme"])).toBe("/");
  });

  it.each([
    ["/acme", "/acme"],
    ["/acme/events?status=failed#top", "/acme/events?status=failed#top"],
    ["/acme/connections?return=%2Facme", "/acme/connections?return=%2Facme"],
    ["/a/../acme", "/acme"],
    [`${origin}/acme/checkouts`, "/acme/checkouts"],
  ])("keeps the same-origin path %j", (input, expected) => {
    expect(safeCallbackPath(input, origin)).toBe(expected);
  });

  it("takes no absolute URL when it does not know its own origin", () => {
    expect(safeCallbackPath(`${origin}/acme`)).toBe("/");
  });
});
