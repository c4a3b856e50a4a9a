import { z } from "zod";
import { modes } from "./api-tokens";
import { optional, providers } from "./events";

// Query strings of the Revenue page's JSON routes and the accounting export.

const mode = z.enum(modes).default("test");
/** A calendar month, UTC: `2026-11`. */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM");

export const revenueQuery = z.object({
  mode,
  /** The last month shown; default: the month of the newest provider time Beacon holds (or now). */
  to: optional(month),
  months: z.coerce.number().int().min(1).max(24).default(12),
});
export type RevenueQuery = z.infer<typeof revenueQuery>;

export const revenueFigures = ["mrr", "new", "expansion", "contraction", "churn", "reactivation", "involuntary", "failed", "recovered", "churned", "pending"] as const;
export type RevenueFigure = (typeof revenueFigures)[number];

/** One figure of the Revenue page: which subscriptions are behind it. */
export const revenueSubscriptionsQuery = z.object({
  mode,
  provider: z.enum(providers),
  currency: z.string().regex(/^[a-z]{3}$/, "A lowercase ISO 4217 code"),
  month,
  figure: z.enum(revenueFigures),
  /** For `recovered`: only renewals paid on this attempt (2 = the first retry). */
  attempt: optional(z.coerce.number().int().min(1).max(100)),
});
export type RevenueSubscriptionsQuery = z.infer<typeof revenueSubscriptionsQuery>;

export const exportKinds = ["invoices", "subscriptions", "events"] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportFormats = ["csv", "json"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportQuery = z.object({
  mode,
  /** The calendar month (UTC) of the invoice's creation (provider time), the subscription's recording or the event's receipt; default: this month. */
  month: optional(month),
  format: z.enum(exportFormats).default("csv"),
});
export type ExportQuery = z.infer<typeof exportQuery>;
