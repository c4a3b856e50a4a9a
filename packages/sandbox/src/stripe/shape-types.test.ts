import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestSandbox, type TestSandbox } from "../test-support";
import { declaredFields, type DeclaredFields, type DeclaredType } from "./declared-fields";
import { collectSamples, type Sample } from "./shape-samples";

// Every object the sandbox renders carries exactly the fields the installed `stripe`
// package (API 2026-10-28) declares for its type: none missing, none invented. Optional
// declarations (includable or conditional fields) may be present or absent.
// Adding a type is one line here plus its sample in shape-samples.ts.
const TYPES: Record<string, DeclaredType> = {
  account: { file: "Accounts.d.ts", name: "Account" },
  account_link: { file: "AccountLinks.d.ts", name: "AccountLink" },
  product: { file: "Products.d.ts", name: "Product" },
  price: { file: "Prices.d.ts", name: "Price" },
  customer: { file: "Customers.d.ts", name: "Customer" },
  deleted_customer: { file: "Customers.d.ts", name: "DeletedCustomer" },
  tax_id: { file: "TaxIds.d.ts", name: "TaxId" },
  deleted_tax_id: { file: "TaxIds.d.ts", name: "DeletedTaxId" },
  "checkout.session": { file: "Checkout/Sessions.d.ts", name: "Session" },
  item: { file: "LineItems.d.ts", name: "LineItem" },
  subscription: { file: "Subscriptions.d.ts", name: "Subscription" },
  subscription_item: { file: "SubscriptionItems.d.ts", name: "SubscriptionItem" },
  invoice: { file: "Invoices.d.ts", name: "Invoice" },
  line_item: { file: "InvoiceLineItems.d.ts", name: "InvoiceLineItem" },
  payment_intent: { file: "PaymentIntents.d.ts", name: "PaymentIntent" },
  charge: { file: "Charges.d.ts", name: "Charge" },
  webhook_endpoint: { file: "WebhookEndpoints.d.ts", name: "WebhookEndpoint" },
  deleted_webhook_endpoint: { file: "WebhookEndpoints.d.ts", name: "DeletedWebhookEndpoint" },
  event: { file: "Events.d.ts", name: "CustomerCreatedEvent" }, // every event type declares the same envelope
  payment_method: { file: "PaymentMethods.d.ts", name: "PaymentMethod" },
  invoice_payment: { file: "InvoicePayments.d.ts", name: "InvoicePayment" },
  invoiceitem: { file: "InvoiceItems.d.ts", name: "InvoiceItem" },
  test_clock: { file: "TestHelpers/TestClocks.d.ts", name: "TestClock" },
  plan: { file: "Plans.d.ts", name: "Plan" },
  setup_intent: { file: "SetupIntents.d.ts", name: "SetupIntent" },
  coupon: { file: "Coupons.d.ts", name: "Coupon" },
  tax_rate: { file: "TaxRates.d.ts", name: "TaxRate" },
  payout: { file: "Payouts.d.ts", name: "Payout" },
  credit_note: { file: "CreditNotes.d.ts", name: "CreditNote" },
  credit_note_line_item: { file: "CreditNoteLineItems.d.ts", name: "CreditNoteLineItem" },
  // Nested objects: the sample is reached by the path after the kind.
  "charge.payment_method_details.card": { file: "Charges.d.ts", name: "Charge.PaymentMethodDetails.Card" },
  "subscription.automatic_tax": { file: "Subscriptions.d.ts", name: "Subscription.AutomaticTax" },
  "invoice.status_transitions": { file: "Invoices.d.ts", name: "Invoice.StatusTransitions" },
  "checkout.session.customer_details": { file: "Checkout/Sessions.d.ts", name: "Session.CustomerDetails" },
};

// A nested entry's sample: the longest sampled kind that prefixes it, then the rest as a path.
function sampleOf(samples: Map<string, Sample>, kind: string): Sample | undefined {
  if (samples.has(kind)) return samples.get(kind);
  const base = [...samples.keys()].filter((k) => kind.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
  if (!base) return undefined;
  let value: unknown = samples.get(base);
  for (const key of kind.slice(base.length + 1).split(".")) value = (value as Sample | undefined)?.[key];
  return value as Sample | undefined;
}

// Declared as always present, yet Stripe sends them only in some answers.
const CONDITIONAL: Record<string, string[]> = {};

let t: TestSandbox;
let samples: Map<string, Sample>;
let declared: Record<string, DeclaredFields>;

beforeAll(async () => {
  declared = declaredFields(TYPES);
  t = await startTestSandbox();
  samples = await collectSamples(t);
});

afterAll(async () => {
  await t.stop();
});

describe("object shapes match the stripe package's declarations", () => {
  test.each(Object.keys(TYPES))("%s", (kind) => {
    const sample = sampleOf(samples, kind);
    expect(sample, `no sample of ${kind}`).toBeDefined();
    const { required, optional } = declared[kind] ?? { required: [], optional: [] };
    const allowed = new Set([...required, ...optional]);
    const actual = Object.keys(sample ?? {});
    const conditional = CONDITIONAL[kind] ?? [];
    expect(actual.filter((k) => !allowed.has(k)).sort(), `${kind}: invented fields`).toEqual([]);
    expect(required.filter((k) => !actual.includes(k) && !conditional.includes(k)), `${kind}: missing fields`).toEqual([]);
  });
});
