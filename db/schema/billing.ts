import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { mode } from "./api-tokens";
import { provider, providerConnections } from "./connections";
import { organizations } from "./organizations";

const orgId = () =>
  uuid()
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });
const connectionId = () =>
  uuid()
    .notNull()
    .references(() => providerConnections.id, { onDelete: "cascade" });
const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const billingCycle = pgEnum("billing_cycle", ["monthly", "yearly"]);

export const plans = pgTable(
  "plans",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: orgId(),
    /** The merchant's own code, e.g. `plus`; what the API takes. */
    code: text().notNull(),
    name: text().notNull(),
    currency: text().notNull(),
    trialDays: integer().notNull().default(0),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.organizationId, t.code)],
);

export const planPrices = pgTable(
  "plan_prices",
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    billingCycle: billingCycle().notNull(),
    /** Minor units (cents). */
    unitAmount: integer().notNull(),
  },
  (t) => [uniqueIndex().on(t.planId, t.billingCycle)],
);

/** A plan price as synced to one provider connection: Stripe product + price, or a Conekta plan. */
export const planProviderRefs = pgTable(
  "plan_provider_refs",
  {
    id: uuid().primaryKey().defaultRandom(),
    planPriceId: uuid()
      .notNull()
      .references(() => planPrices.id, { onDelete: "cascade" }),
    connectionId: connectionId(),
    productRef: text(),
    priceRef: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.planPriceId, t.connectionId)],
);

/** Fiscal data as the provider holds it (tax ids, location, Conekta fiscal entity). */
// Whether a customer lacks tax data, as a generated column: the same rule as `customerTaxIssues`
// (lib/fiscal/tax-data-rules.ts) returning any issue; fiscal-sql-rules.test.ts runs both over the
// same cases. Trimming covers ASCII whitespace and no-break space.
const trimmed = (key: string) => `coalesce(btrim(tax_info ->> '${key}', E' \\t\\n\\r\\f\\u000b\\u00a0'), '')`;
const taxDataMissingSql = `(case when provider = 'stripe' then
    case when tax_info -> 'locationSufficient' = 'false'::jsonb then true
         when tax_info -> 'locationSufficient' = 'true'::jsonb then false
         else coalesce(tax_info ->> 'country', '') = '' or (upper(tax_info ->> 'country') = 'US' and coalesce(tax_info ->> 'postalCode', '') = '') end
  else not (upper(${trimmed("rfc")}) ~ '^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$' and ${trimmed("taxRegime")} ~ '^[0-9]{3}$' and ${trimmed("postalCode")} ~ '^[0-9]{5}$') end)`;
/** The same as `hasTaxId`: a tax id recorded, or an RFC. */
const hasTaxIdSql = `(coalesce(jsonb_array_length(case when jsonb_typeof(tax_info -> 'taxIds') = 'array' then tax_info -> 'taxIds' end), 0) > 0 or coalesce(tax_info ->> 'rfc', '') <> '')`;

export interface CustomerTaxInfo {
  taxIds?: { type: string; value: string }[];
  country?: string | null;
  postalCode?: string | null;
  locationSufficient?: boolean | null;
  rfc?: string | null;
  taxRegime?: string | null;
}

export const customers = pgTable(
  "customers",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: orgId(),
    mode: mode().notNull(),
    provider: provider().notNull(),
    connectionId: connectionId(),
    providerCustomerId: text().notNull(),
    email: text(),
    name: text(),
    /** The merchant's own id for the customer. */
    reference: text(),
    taxInfo: jsonb().$type<CustomerTaxInfo>(),
    /** Derived from `taxInfo` by the database, so the Fiscal page counts on an index (see taxDataMissingSql). */
    taxDataMissing: boolean().generatedAlwaysAs(sql.raw(taxDataMissingSql)),
    hasTaxId: boolean().generatedAlwaysAs(sql.raw(hasTaxIdSql)),
    /**
     * Its subscriptions still billing (not canceled nor incomplete), kept by a trigger on
     * subscriptions, so the Fiscal page counts those short of tax data from the rollup.
     */
    billingSubscriptions: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.connectionId, t.providerCustomerId),
    index().on(t.organizationId, t.mode, t.email),
    index("customers_tax_data_missing_index").on(t.organizationId, t.mode, t.createdAt).where(sql`${t.taxDataMissing}`),
    index("customers_without_tax_id_index").on(t.organizationId, t.mode).where(sql`not ${t.hasTaxId}`),
  ],
);

export const subscriptionStatus = pgEnum("subscription_status", [
  "incomplete",
  "trialing",
  "active",
  "past_due",
  "paused",
  "unpaid",
  "canceled",
]);

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: orgId(),
    mode: mode().notNull(),
    provider: provider().notNull(),
    connectionId: connectionId(),
    providerSubscriptionId: text().notNull(),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    planId: uuid().references(() => plans.id, { onDelete: "set null" }),
    billingCycle: billingCycle(),
    status: subscriptionStatus().notNull(),
    /** The provider's own status string, unmapped. */
    providerStatus: text().notNull(),
    currentPeriodStart: timestamp({ withTimezone: true }),
    currentPeriodEnd: timestamp({ withTimezone: true }),
    trialEnd: timestamp({ withTimezone: true }),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    canceledAt: timestamp({ withTimezone: true }),
    /**
     * A plan change the provider bills from the next cycle (Conekta): the plan, its cycle and
     * when it takes effect. `planId` stays the plan being billed until the renewal says so.
     */
    scheduledPlanId: uuid().references(() => plans.id, { onDelete: "set null" }),
    scheduledBillingCycle: billingCycle(),
    scheduledPlanAt: timestamp({ withTimezone: true }),
    /** Provider time of the newest state applied: older events never move the state back. */
    stateAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.connectionId, t.providerSubscriptionId),
    index().on(t.organizationId, t.mode, t.status),
    index().on(t.customerId),
    // The subscriptions export's keyset, and Fiscal's newest subscriptions short of tax data.
    index().on(t.organizationId, t.mode, t.createdAt, t.id),
    // The subscriptions list, most recently changed first, paged by keyset (the id breaks ties).
    index("subscriptions_recent_index").on(t.organizationId, t.mode, t.updatedAt, t.id),
    // Fiscal: subscriptions billing without a customer.
    index("subscriptions_without_customer_index").on(t.organizationId, t.mode).where(sql`${t.customerId} is null`),
    // The Overview's churn: cancellations since a time.
    index("subscriptions_canceled_index").on(t.organizationId, t.mode, t.canceledAt).where(sql`${t.canceledAt} is not null`),
  ],
);

export const timelineSource = pgEnum("timeline_source", ["event", "confirmation", "api", "reconcile"]);

/** What changed on a subscription, from → to, when (provider time) and because of what. */
export const subscriptionTimeline = pgTable(
  "subscription_timeline",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    subscriptionId: uuid()
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    organizationId: orgId(),
    field: text().notNull(),
    fromValue: text(),
    toValue: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    source: timelineSource().notNull(),
    /** The provider event id, checkout id or request id behind the change. */
    sourceRef: text(),
    recordedAt: createdAt(),
  },
  // The Overview's recent changes: newest first, id breaking ties, read in index order.
  (t) => [index().on(t.subscriptionId, t.occurredAt), index("subscription_timeline_recent_index").on(t.organizationId, t.recordedAt, t.id)],
);

export const checkoutStatus = pgEnum("checkout_status", ["open", "completed", "expired", "failed"]);

export const checkouts = pgTable(
  "checkouts",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: orgId(),
    mode: mode().notNull(),
    provider: provider().notNull(),
    connectionId: connectionId(),
    planId: uuid()
      .notNull()
      .references(() => plans.id),
    billingCycle: billingCycle().notNull(),
    status: checkoutStatus().notNull().default("open"),
    /** `cs_…` for Stripe; the Conekta order id for Conekta. */
    providerCheckoutId: text().notNull(),
    url: text().notNull(),
    customerEmail: text(),
    customerName: text(),
    customerReference: text(),
    successUrl: text(),
    cancelUrl: text(),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    subscriptionId: uuid().references(() => subscriptions.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    confirmedAt: timestamp({ withTimezone: true }),
    /** What first brought the final state: the return page, a webhook event or an API confirm. */
    confirmedVia: timelineSource(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.connectionId, t.providerCheckoutId),
    index().on(t.organizationId, t.mode, t.createdAt),
    index().on(t.status, t.createdAt),
    index().on(t.subscriptionId),
  ],
);

/** One tax line of an invoice as the provider itemized it (Stripe Tax's `total_taxes`, Conekta's `tax_lines`). */
export interface InvoiceTaxLine {
  /** Stripe's tax rate id, or Conekta's line description (e.g. `IVA`). */
  label: string;
  amount: number;
  /** The amount the tax applies to, when the provider says it. */
  taxableAmount: number | null;
}

export const invoices = pgTable(
  "invoices",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: orgId(),
    mode: mode().notNull(),
    provider: provider().notNull(),
    connectionId: connectionId(),
    /** `in_…` for Stripe; the order id for Conekta. */
    providerInvoiceId: text().notNull(),
    subscriptionId: uuid().references(() => subscriptions.id, { onDelete: "set null" }),
    customerId: uuid().references(() => customers.id, { onDelete: "set null" }),
    status: text().notNull(),
    currency: text().notNull(),
    subtotal: integer().notNull(),
    tax: integer().notNull().default(0),
    total: integer().notNull(),
    /** How tax was computed: Stripe's automatic_tax status, `iva_included`, or `not_calculated`. */
    taxStatus: text().notNull(),
    paidAt: timestamp({ withTimezone: true }),
    /** The newest failed payment attempt. */
    failedAt: timestamp({ withTimezone: true }),
    /** The first failed payment attempt: a renewal's recovery time runs from here to `paidAt`. */
    firstFailedAt: timestamp({ withTimezone: true }),
    /** Payment attempts the provider made (Stripe's attempt_count; Conekta: charges on the order). */
    attemptCount: integer().notNull().default(0),
    /** The provider's invoice number (Stripe), for the accounting export. */
    number: text(),
    taxLines: jsonb().$type<InvoiceTaxLine[]>(),
    /** How it was paid, as the provider names it: `card visa 4242`, `oxxo`, or a Stripe payment method id. */
    paymentMethod: text(),
    periodStart: timestamp({ withTimezone: true }),
    periodEnd: timestamp({ withTimezone: true }),
    providerCreatedAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.connectionId, t.providerInvoiceId),
    // The accounting export's keyset: (created, id) pages within one organization and mode.
    index().on(t.organizationId, t.mode, t.providerCreatedAt, t.id),
    // Failed renewals for the Revenue page: only invoices that ever failed.
    index("invoices_failed_idx").on(t.organizationId, t.mode, t.firstFailedAt).where(sql`${t.firstFailedAt} is not null`),
    // A subscription's invoices.
    index().on(t.subscriptionId),
    // Fiscal's tax per month: summed from the index alone (an index-only scan).
    index("invoices_paid_index")
      .on(t.organizationId, t.mode, t.paidAt, t.currency, t.subtotal, t.tax, t.total)
      .where(sql`${t.paidAt} is not null`),
  ],
);

export type BillingCycle = (typeof billingCycle.enumValues)[number];
export type Plan = typeof plans.$inferSelect;
export type PlanPrice = typeof planPrices.$inferSelect;
export type PlanProviderRef = typeof planProviderRefs.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type SubscriptionStatus = (typeof subscriptionStatus.enumValues)[number];
export type Subscription = typeof subscriptions.$inferSelect;
export type TimelineEntry = typeof subscriptionTimeline.$inferSelect;
export type TimelineSource = (typeof timelineSource.enumValues)[number];
export type CheckoutStatus = (typeof checkoutStatus.enumValues)[number];
export type Checkout = typeof checkouts.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
