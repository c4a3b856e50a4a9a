import type { CustomerTaxInfo, Provider } from "@/db/schema";

// What "enough tax data" means per provider. Stripe Tax needs a recognised customer location
// (a country; a postal code in the US) and records tax ids for B2B reverse charge. A Mexican CFDI
// needs the receiver's RFC, tax regime (régimen fiscal, a SAT code) and postal code.

export type CustomerTaxIssue =
  | "location_missing"
  | "location_insufficient"
  | "no_fiscal_entity"
  | "rfc_missing"
  | "rfc_invalid"
  | "tax_regime_missing"
  | "postal_code_missing";

export type InvoiceTaxIssue = "not_calculated" | "failed" | "requires_location" | "iva_missing";

// Persons: 4 letters, 6-digit date, 3-character homoclave (13); companies: 3 letters (12).
const rfcPattern = /^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$/;
const mxPostalCode = /^\d{5}$/;
const satRegime = /^\d{3}$/;

export function customerTaxIssues(provider: Provider, info: CustomerTaxInfo | null): CustomerTaxIssue[] {
  if (provider === "stripe") {
    if (info?.locationSufficient === false) return ["location_insufficient"];
    if (info?.locationSufficient === true) return [];
    const country = info?.country?.toUpperCase();
    if (!country || (country === "US" && !info?.postalCode)) return ["location_missing"];
    return [];
  }
  if (!info || (!info.rfc && !info.taxRegime && !info.postalCode)) return ["no_fiscal_entity"];
  const issues: CustomerTaxIssue[] = [];
  const rfc = info.rfc?.trim().toUpperCase();
  if (!rfc) issues.push("rfc_missing");
  else if (!rfcPattern.test(rfc)) issues.push("rfc_invalid");
  if (!info.taxRegime || !satRegime.test(info.taxRegime.trim())) issues.push("tax_regime_missing");
  if (!info.postalCode || !mxPostalCode.test(info.postalCode.trim())) issues.push("postal_code_missing");
  return issues;
}

export function hasTaxId(info: CustomerTaxInfo | null): boolean {
  return (info?.taxIds?.length ?? 0) > 0 || Boolean(info?.rfc);
}

/**
 * Whether an invoice's tax was computed. Stripe reports its automatic_tax status (`complete`,
 * `failed`, `requires_location_inputs`) or Beacon records `not_calculated` when it was off;
 * Conekta orders carry IVA as tax lines (`iva_included`), expected on every MXN amount.
 */
export function invoiceTaxIssue(provider: Provider, currency: string, taxStatus: string): InvoiceTaxIssue | null {
  if (taxStatus === "complete" || taxStatus === "iva_included") return null;
  if (taxStatus === "failed") return "failed";
  if (taxStatus === "requires_location_inputs") return "requires_location";
  if (provider === "conekta" && currency.toLowerCase() === "mxn") return "iva_missing";
  return "not_calculated";
}
