import { describe, expect, it } from "vitest";
import { formatAuditMetadata } from "./format-audit-metadata";

describe("formatAuditMetadata", () => {
  it("flattens a plan change's nested prices to dotted keys instead of [object Object]", () => {
    const line = formatAuditMetadata({ code: "plus", changes: { prices: { monthly: 1500, yearly: null }, trialDays: 7 }, resyncedPrices: 1 });
    expect(line).toBe("code=plus changes.prices.monthly=1500 changes.prices.yearly=null changes.trialDays=7 resyncedPrices=1");
    expect(line).not.toContain("[object Object]");
  });

  it("keeps scalars and arrays as before, and names empty values", () => {
    expect(formatAuditMetadata({ scopes: ["read", "integration"], mode: "test", revoked: true })).toBe("scopes=read,integration mode=test revoked=true");
    expect(formatAuditMetadata({ note: "", changes: {}, rows: [{ id: 1 }] })).toBe('note="" changes={} rows={"id":1}');
    expect(formatAuditMetadata({})).toBe("");
  });
});
