import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { customers, type CustomerTaxInfo } from "@/db/schema";
import { seedConnection, seedCustomer } from "@/lib/observability/test-support";
import { createOwner } from "@/lib/testing/factories";
import { customerTaxIssues, hasTaxId } from "./tax-data-rules";

// The Fiscal page counts customers short of tax data on generated columns; the JavaScript rules say which
// issues each one has. Both must agree on every case, or the counts and the lists would differ.
const cases: (CustomerTaxInfo | null)[] = [
  null,
  {},
  { country: "US" },
  { country: "us", postalCode: "94107" },
  { country: "US", postalCode: "" },
  { country: "DE" },
  { country: "" },
  { country: "DE", locationSufficient: false },
  { locationSufficient: true },
  { locationSufficient: null, country: "MX" },
  { taxIds: [{ type: "eu_vat", value: "DE123" }] },
  { taxIds: [] },
  { rfc: "XAXX010101000", taxRegime: "616", postalCode: "06600" },
  { rfc: " xaxx010101000 ", taxRegime: " 616", postalCode: "06600 " },
  { rfc: "ABC010101AB1", taxRegime: "601", postalCode: "64000" },
  { rfc: "ABC010101AB1", postalCode: "64000" },
  { rfc: "not-an-rfc", postalCode: "0660" },
  { postalCode: "06600", taxRegime: "612" },
  { rfc: "", taxRegime: "", postalCode: "" },
  { rfc: "XAXX010101000", taxRegime: "61", postalCode: "06600" },
  { rfc: "XAXX010101000", taxRegime: "616", postalCode: "066000" },
  { rfc: "ÑAXX010101000", taxRegime: "616", postalCode: "06600" },
  { rfc: "   ", taxRegime: "616", postalCode: "06600" },
];

describe("tax data rules in SQL", () => {
  it("agree with customerTaxIssues and hasTaxId for both providers", async () => {
    const ctx = await createOwner("fiscal-sql");
    for (const provider of ["stripe", "conekta"] as const) {
      const connection = await seedConnection(ctx, { provider });
      for (const taxInfo of cases) {
        const customer = await seedCustomer(connection, { taxInfo });
        const [row] = await db
          .select({ missing: customers.taxDataMissing, taxId: customers.hasTaxId })
          .from(customers)
          .where(eq(customers.id, customer.id));
        const label = `${provider} ${JSON.stringify(taxInfo)}`;
        expect({ label, missing: row!.missing, taxId: row!.taxId }).toEqual({ label, missing: customerTaxIssues(provider, taxInfo).length > 0, taxId: hasTaxId(taxInfo) });
      }
    }
  });
});
