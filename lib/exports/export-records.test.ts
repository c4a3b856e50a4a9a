import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { db } from "@/db";
import { auditLog, customers, invoices, providerConnections, subscriptions } from "@/db/schema";
import { createOwner } from "@/lib/testing/factories";
import { csvCell, csvRecord, decimalAmount } from "./csv";
import { exportRecords } from "./export-records";

test("CSV cells follow RFC 4180 and never start a formula", () => {
  expect(["plain", "a,b", 'say "hi"', "two\nlines", "cr\rlf", "=SUM(A1)", "+1", "-1", "@cmd", "\tx", 42, -3000, true, null, undefined, ""].map(csvCell)).toEqual([
    "plain",
    '"a,b"',
    '"say ""hi"""',
    '"two\nlines"',
    '"cr\rlf"',
    "'=SUM(A1)",
    "'+1",
    "'-1",
    "'@cmd",
    "'\tx",
    "42",
    "-3000",
    "true",
    "",
    "",
    "",
  ]);
  expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  expect(csvRecord(["a", 1, null])).toBe("a,1,\r\n");
  expect([decimalAmount(11_600, "mxn"), decimalAmount(5, "usd"), decimalAmount(-1_234, "usd"), decimalAmount(500, "jpy")]).toEqual(["116.00", "0.05", "-12.34", "500"]);
});

async function seed() {
  const owner = await createOwner("export");
  const org = owner.organization.id;
  const [stripe] = await db.insert(providerConnections).values({ organizationId: org, provider: "stripe", mode: "test", status: "enabled", accountId: "acct_export" }).returning();
  const [conekta] = await db.insert(providerConnections).values({ organizationId: org, provider: "conekta", mode: "test", status: "enabled", accountId: "company_export" }).returning();
  const [live] = await db.insert(providerConnections).values({ organizationId: org, provider: "stripe", mode: "live", status: "enabled", accountId: "acct_export_live" }).returning();
  const [mx] = await db
    .insert(customers)
    .values({ organizationId: org, mode: "test", provider: "conekta", connectionId: conekta!.id, providerCustomerId: "cus_mx1", email: "ana@example.mx", name: 'Ana "La Jefa", S.A.', taxInfo: { rfc: "XAXX010101000", taxRegime: "601", postalCode: "06600", country: "MX" } })
    .returning();
  const [us] = await db
    .insert(customers)
    .values({ organizationId: org, mode: "test", provider: "stripe", connectionId: stripe!.id, providerCustomerId: "cus_us1", email: "bob@example.com", name: "=cmd|' /C calc'!A0", taxInfo: { taxIds: [{ type: "us_ein", value: "12-3456789" }], country: "US", postalCode: "94105" } })
    .returning();
  const [sub] = await db
    .insert(subscriptions)
    .values({ organizationId: org, mode: "test", provider: "stripe", connectionId: stripe!.id, providerSubscriptionId: "sub_1", customerId: us!.id, status: "active", providerStatus: "active", stateAt: new Date("2026-11-02T00:00:00Z"), createdAt: new Date("2026-11-02T00:00:00Z") })
    .returning();
  const base = { organizationId: org, mode: "test" as const, status: "paid", tax: 0, taxStatus: "not_calculated" };
  await db.insert(invoices).values([
    { ...base, provider: "conekta", connectionId: conekta!.id, providerInvoiceId: "ord_1", customerId: mx!.id, currency: "mxn", subtotal: 10_000, tax: 1_600, total: 11_600, taxStatus: "iva_included", taxLines: [{ label: "IVA", amount: 1_600, taxableAmount: 10_000 }], paymentMethod: "card visa 4242", attemptCount: 1, paidAt: new Date("2026-11-03T10:00:00Z"), providerCreatedAt: new Date("2026-11-03T09:59:00Z") },
    { ...base, provider: "stripe", connectionId: stripe!.id, providerInvoiceId: "in_1", number: "ABC-0001", subscriptionId: sub!.id, customerId: us!.id, currency: "usd", subtotal: 2_000, tax: 170, total: 2_170, taxStatus: "complete", taxLines: [{ label: "txr_sandbox_8_5", amount: 170, taxableAmount: 2_000 }], paymentMethod: "pm_1", attemptCount: 2, paidAt: new Date("2026-11-20T00:00:00Z"), periodStart: new Date("2026-11-02T00:00:00Z"), periodEnd: new Date("2026-12-02T00:00:00Z"), providerCreatedAt: new Date("2026-11-17T00:00:00Z") },
    // The same instant as in_1: the keyset's id breaks the tie, across a page boundary.
    { ...base, provider: "stripe", connectionId: stripe!.id, providerInvoiceId: "in_2", status: "open", customerId: us!.id, currency: "usd", subtotal: 500, total: 500, providerCreatedAt: new Date("2026-11-17T00:00:00Z") },
    // Outside the month, and in live mode: never exported.
    { ...base, provider: "stripe", connectionId: stripe!.id, providerInvoiceId: "in_oct", currency: "usd", subtotal: 1, total: 1, providerCreatedAt: new Date("2026-10-31T23:59:59.999Z") },
    { ...base, provider: "stripe", mode: "live", connectionId: live!.id, providerInvoiceId: "in_live", currency: "usd", subtotal: 1, total: 1, providerCreatedAt: new Date("2026-11-10T00:00:00Z") },
  ]);
  return owner;
}

const read = async (file: { body: ReadableStream<Uint8Array> }) => new Response(file.body).text();

test("the invoices export of a month is exact, byte for byte, in CSV and JSON, whatever the page size", async () => {
  const owner = await seed();
  const ids = (await db.select({ id: invoices.id, p: invoices.providerInvoiceId }).from(invoices).where(sql`${invoices.providerInvoiceId} in ('in_1', 'in_2')`)).sort((a, b) => a.id.localeCompare(b.id));
  const [first, second] = ids.map((r) => r.p);
  const header =
    "provider,invoice_id,number,created_at,status,currency,subtotal,tax,total,tax_status,tax_lines,payment_method,attempts,paid_at,period_start,period_end,subscription_id,customer_id,customer_email,customer_name,customer_tax_ids,customer_tax_regime,customer_postal_code\r\n";
  const rows: Record<string, string> = {
    ord_1: 'conekta,ord_1,,2026-11-03T09:59:00.000Z,paid,MXN,100.00,16.00,116.00,iva_included,IVA=16.00,card visa 4242,1,2026-11-03T10:00:00.000Z,,,,cus_mx1,ana@example.mx,"Ana ""La Jefa"", S.A.",mx_rfc:XAXX010101000,601,06600\r\n',
    in_1: "stripe,in_1,ABC-0001,2026-11-17T00:00:00.000Z,paid,USD,20.00,1.70,21.70,complete,txr_sandbox_8_5=1.70,pm_1,2,2026-11-20T00:00:00.000Z,2026-11-02T00:00:00.000Z,2026-12-02T00:00:00.000Z,sub_1,cus_us1,bob@example.com,'=cmd|' /C calc'!A0,us_ein:12-3456789,,94105\r\n",
    in_2: "stripe,in_2,,2026-11-17T00:00:00.000Z,open,USD,5.00,0.00,5.00,not_calculated,,,0,,,,,cus_us1,bob@example.com,'=cmd|' /C calc'!A0,us_ein:12-3456789,,94105\r\n",
  };
  const expected = header + rows.ord_1 + rows[first!] + rows[second!];
  for (const pageSize of [1, 2, 500]) {
    const file = await exportRecords({ ctx: owner, input: { kind: "invoices", mode: "test", month: "2026-11", format: "csv" }, pageSize });
    expect(file.filename).toBe(`beacon-${owner.organization.slug}-invoices-2026-11-test.csv`);
    expect(await read(file)).toBe(expected);
  }

  const json = JSON.parse(await read(await exportRecords({ ctx: owner, input: { kind: "invoices", mode: "test", month: "2026-11", format: "json" }, pageSize: 2 }))) as Record<string, unknown>[];
  expect(json.map((r) => r.invoice_id)).toEqual(["ord_1", first, second]);
  expect(json[0]).toMatchObject({ tax_lines: "IVA=16.00", customer_tax_ids: "mx_rfc:XAXX010101000", attempts: 1, number: null });

  // Nothing in a month without invoices; JSON is still a document.
  expect(await read(await exportRecords({ ctx: owner, input: { kind: "invoices", mode: "live", month: "2026-12", format: "json" } }))).toBe("[]\n");
  expect(await read(await exportRecords({ ctx: owner, input: { kind: "subscriptions", mode: "test", month: "2026-11", format: "csv" } }))).toBe(
    "provider,subscription_id,recorded_at,status,provider_status,plan,currency,billing_cycle,current_period_start,current_period_end,cancel_at_period_end,canceled_at,customer_id,customer_email,customer_tax_ids\r\n" +
      "stripe,sub_1,2026-11-02T00:00:00.000Z,active,active,,,,,,false,,cus_us1,bob@example.com,us_ein:12-3456789\r\n",
  );
  const audits = await db.select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.organizationId} = ${owner.organization.id} and ${auditLog.action} = 'export.downloaded'`);
  expect(audits.length).toBe(6);
});
