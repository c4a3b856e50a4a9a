import { describe, expect, it } from "vitest";
import { seedConnection, seedCustomer, seedEvent, seedInvoice, seedSubscription } from "@/lib/observability/test-support";
import { createOwner } from "@/lib/testing/factories";
import { getFiscalSignals } from "./get-fiscal-signals";

const at = (iso: string) => new Date(iso);

describe("getFiscalSignals", () => {
  it("sums tax collected per currency and month from paid invoices", async () => {
    const ctx = await createOwner("fiscal-sum");
    const stripe = await seedConnection(ctx);
    const conekta = await seedConnection(ctx, { provider: "conekta" });
    await seedInvoice(stripe, { currency: "usd", subtotal: 1000, tax: 80, total: 1080, paidAt: at("2026-03-05T10:00:00Z") });
    await seedInvoice(stripe, { currency: "usd", subtotal: 2000, tax: 160, total: 2160, paidAt: at("2026-03-28T10:00:00Z") });
    await seedInvoice(conekta, { currency: "mxn", subtotal: 25_776, tax: 4124, total: 29_900, taxStatus: "iva_included", paidAt: at("2026-03-10T10:00:00Z") });
    await seedInvoice(stripe, { currency: "usd", subtotal: 1000, tax: 80, total: 1080, paidAt: at("2026-04-01T00:30:00Z") });
    await seedInvoice(stripe, { currency: "usd", status: "open", paidAt: null });
    await seedInvoice(await seedConnection(ctx, { mode: "live" }), { currency: "usd", paidAt: at("2026-03-05T10:00:00Z") });

    const { taxByMonth } = await getFiscalSignals({ ctx, mode: "test", now: at("2026-04-15T00:00:00Z") });
    expect(taxByMonth).toEqual([
      { currency: "usd", month: "2026-04", invoices: 1, subtotal: 1000, tax: 80, total: 1080 },
      { currency: "mxn", month: "2026-03", invoices: 1, subtotal: 25_776, tax: 4124, total: 29_900 },
      { currency: "usd", month: "2026-03", invoices: 2, subtotal: 3000, tax: 240, total: 3240 },
    ]);
  });

  it("lists customers and subscriptions short of tax data, and invoices whose tax was not computed, each linked", async () => {
    const ctx = await createOwner("fiscal-signals");
    const slug = ctx.organization.slug;
    const stripe = await seedConnection(ctx);
    const conekta = await seedConnection(ctx, { provider: "conekta" });
    const located = await seedCustomer(stripe, { taxInfo: { country: "US", postalCode: "94107", taxIds: [] } });
    const nowhere = await seedCustomer(stripe, { taxInfo: { country: "US", taxIds: [] } });
    const cfdiReady = await seedCustomer(conekta, { taxInfo: { rfc: "XAXX010101000", taxRegime: "616", postalCode: "06600" } });
    const noRegime = await seedCustomer(conekta, { taxInfo: { rfc: "ABC010101AB1", postalCode: "64000" } });
    const subNowhere = await seedSubscription(stripe, { customerId: nowhere.id });
    await seedSubscription(stripe, { customerId: located.id });
    await seedSubscription(conekta, { customerId: cfdiReady.id });
    const subNoCustomer = await seedSubscription(conekta, { customerId: null, status: "past_due" });
    await seedSubscription(stripe, { customerId: nowhere.id, status: "canceled" });

    const failed = await seedInvoice(stripe, { subscriptionId: subNowhere.id, taxStatus: "failed", tax: 0 });
    const orphan = await seedInvoice(conekta, { currency: "mxn", taxStatus: "not_calculated", tax: 0 });
    const event = await seedEvent(conekta, { type: "order.paid", objectRefs: { invoice: orphan.providerInvoiceId, checkout: orphan.providerInvoiceId } });
    await seedInvoice(stripe, { taxStatus: "complete" });
    await seedInvoice(stripe, { taxStatus: "not_calculated", status: "draft" });

    const signals = await getFiscalSignals({ ctx, mode: "test" });
    expect(signals.customers).toMatchObject({ total: 4, missing: 2, withoutTaxId: 2 });
    expect(Object.fromEntries(signals.customers.items.map((c) => [c.id, c.issues]))).toEqual({
      [nowhere.id]: ["location_missing"],
      [noRegime.id]: ["tax_regime_missing"],
    });
    expect(signals.customers.items.find((c) => c.id === nowhere.id)?.href).toBe(`/${slug}/subscriptions/${subNowhere.id}`);
    expect(signals.customers.items.find((c) => c.id === noRegime.id)?.href).toBe(`/${slug}/checkouts`);

    expect(signals.subscriptions.missing).toBe(2);
    expect(signals.subscriptions.items.map((s) => [s.id, s.issues, s.href])).toEqual(
      expect.arrayContaining([
        [subNowhere.id, ["location_missing"], `/${slug}/subscriptions/${subNowhere.id}`],
        [subNoCustomer.id, ["no_customer"], `/${slug}/subscriptions/${subNoCustomer.id}`],
      ]),
    );

    expect(signals.invoices.items.map((i) => [i.id, i.issue, i.href])).toEqual(
      expect.arrayContaining([
        [failed.id, "failed", `/${slug}/subscriptions/${subNowhere.id}`],
        [orphan.id, "iva_missing", `/${slug}/events/${event.id}`],
      ]),
    );
    expect(signals.invoices.items).toHaveLength(2);
  });
});
