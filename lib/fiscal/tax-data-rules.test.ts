import { describe, expect, it } from "vitest";
import { customerTaxIssues, invoiceTaxIssue } from "./tax-data-rules";

describe("customerTaxIssues", () => {
  it("Stripe: needs a country, and a postal code in the US", () => {
    expect(customerTaxIssues("stripe", null)).toEqual(["location_missing"]);
    expect(customerTaxIssues("stripe", { country: "US" })).toEqual(["location_missing"]);
    expect(customerTaxIssues("stripe", { country: "US", postalCode: "94107" })).toEqual([]);
    expect(customerTaxIssues("stripe", { country: "DE" })).toEqual([]);
    expect(customerTaxIssues("stripe", { country: "DE", locationSufficient: false })).toEqual(["location_insufficient"]);
    expect(customerTaxIssues("stripe", { locationSufficient: true })).toEqual([]);
  });

  it("Conekta: RFC, tax regime and postal code, complete enough for a CFDI", () => {
    expect(customerTaxIssues("conekta", null)).toEqual(["no_fiscal_entity"]);
    expect(customerTaxIssues("conekta", { rfc: "XAXX010101000", taxRegime: "616", postalCode: "06600" })).toEqual([]);
    expect(customerTaxIssues("conekta", { rfc: "ABC010101AB1", taxRegime: "601", postalCode: "64000" })).toEqual([]);
    expect(customerTaxIssues("conekta", { rfc: "not-an-rfc", postalCode: "0660" })).toEqual(["rfc_invalid", "tax_regime_missing", "postal_code_missing"]);
    expect(customerTaxIssues("conekta", { postalCode: "06600", taxRegime: "612" })).toEqual(["rfc_missing"]);
  });
});

describe("invoiceTaxIssue", () => {
  it("flags tax that was off, failed or waits for a location; IVA missing on a Conekta MXN order", () => {
    expect(invoiceTaxIssue("stripe", "usd", "complete")).toBeNull();
    expect(invoiceTaxIssue("stripe", "usd", "not_calculated")).toBe("not_calculated");
    expect(invoiceTaxIssue("stripe", "eur", "failed")).toBe("failed");
    expect(invoiceTaxIssue("stripe", "usd", "requires_location_inputs")).toBe("requires_location");
    expect(invoiceTaxIssue("conekta", "MXN", "iva_included")).toBeNull();
    expect(invoiceTaxIssue("conekta", "mxn", "not_calculated")).toBe("iva_missing");
  });
});
