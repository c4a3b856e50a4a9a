import { bigint, bigserial, boolean, date, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { mode } from "./api-tokens";
import { billingCycle, subscriptionStatus } from "./billing";

// Rollups the Overview and Fiscal pages read instead of aggregating tens of thousands of rows per
// request. Statement-level triggers on subscriptions, customers and invoices append one delta row
// per changed key and statement (migration 0016), so every writer — the single writers, the
// foreign keys' cascades, a bulk seed — keeps them exact, and no two webhook workers ever update
// the same counter row: they only insert. A figure is the sum of its key's rows; the
// `rollup-compaction` maintenance job folds each key's rows into one (compactDashboardRollups).
// No foreign keys: a deleted organization's cascades still append their (net-zero) deltas.

const key = () => ({
  id: bigserial({ mode: "number" }).primaryKey(),
  organizationId: uuid().notNull(),
  mode: mode().notNull(),
});

/** Subscriptions per status, plan, billing cycle and whether a customer is known. */
export const subscriptionCounts = pgTable(
  "subscription_counts",
  {
    ...key(),
    status: subscriptionStatus().notNull(),
    planId: uuid(),
    billingCycle: billingCycle(),
    hasCustomer: boolean().notNull(),
    subscriptions: integer().notNull(),
  },
  (t) => [index().on(t.organizationId, t.mode)],
);

/**
 * The churn base's two edges per UTC day, over subscriptions ever live (not `incomplete`) whose
 * cancellation, if any, is after their creation: how many were created that day, and canceled.
 */
export const subscriptionDayCounts = pgTable(
  "subscription_day_counts",
  {
    ...key(),
    day: date().notNull(),
    started: integer().notNull(),
    ended: integer().notNull(),
  },
  (t) => [index().on(t.organizationId, t.mode, t.day)],
);

/** Customers per tax-data flags, and how many subscriptions still billing they hold. */
export const customerTaxTotals = pgTable(
  "customer_tax_counts",
  {
    ...key(),
    taxDataMissing: boolean().notNull(),
    withoutTaxId: boolean().notNull(),
    customers: integer().notNull(),
    billingSubscriptions: integer().notNull(),
  },
  (t) => [index().on(t.organizationId, t.mode)],
);

/** Paid invoices per UTC month of payment and currency, with their amounts. */
export const invoiceTaxMonths = pgTable(
  "invoice_tax_months",
  {
    ...key(),
    month: date().notNull(),
    currency: text().notNull(),
    invoices: integer().notNull(),
    subtotal: bigint({ mode: "number" }).notNull(),
    tax: bigint({ mode: "number" }).notNull(),
    total: bigint({ mode: "number" }).notNull(),
  },
  (t) => [index().on(t.organizationId, t.mode, t.month)],
);
