import { z } from "zod";
import { modes } from "./api-tokens";
import { dateFilter, optional, providers } from "./events";

/** The statuses a bulk replay can select: out of retries, waiting for one, or settled as ignored. */
export const replayStatuses = ["dead", "failed", "ignored"] as const;

/**
 * What a bulk replay selects, for the plan and the run alike: one status (required, so a replay
 * never sweeps up processed events), and optionally provider, type prefix, receipt window, object id.
 */
export const replayFilterInput = z
  .object({
    mode: z.enum(modes).default("test"),
    status: z.enum(replayStatuses),
    provider: optional(z.enum(providers)),
    /** A literal type prefix, as on the Events page (`invoice.` or `invoice.payment_failed`). */
    type: optional(z.string().trim().min(1).max(100)),
    from: optional(dateFilter),
    to: optional(dateFilter),
    /** A subscription, checkout, customer or invoice id the events concern. */
    objectId: optional(z.string().trim().min(1).max(200)),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "`from` must not be after `to`", path: ["from"] });
export type ReplayFilterInput = z.infer<typeof replayFilterInput>;
