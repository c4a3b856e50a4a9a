import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration";

describe("parseDuration", () => {
  it.each([
    ["90s", 90],
    ["45m", 2700],
    ["2h", 7200],
    ["3d", 259_200],
    ["1w", 604_800],
    ["1d12h", 129_600],
    ["1d 12h", 129_600],
  ])("reads %s", (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(["", "3", "3x", "d3", "3d junk", "-1d"])("rejects %j", (text) => expect(parseDuration(text)).toBeNull());

  it("formats back", () => expect(formatDuration(129_600 + 61)).toBe("1d12h1m1s"));
});
