import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./auth";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site and refuses anything a browser would read as another origin", () => {
    expect(safeCallbackUrl("/invitations/abc?x=1")).toBe("/invitations/abc?x=1");
    for (const bad of ["//evil.test", "/\\evil.test", "https://evil.test", "javascript:alert(1)", "/\tx", "", null, undefined]) {
      expect(safeCallbackUrl(bad, "/home")).toBe("/home");
    }
  });
});
