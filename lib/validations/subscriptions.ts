import { z } from "zod";
import { modes } from "./api-tokens";
import { optional, providers } from "./events";

const cursorPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A list cursor whose time is a real instant (PostgreSQL would refuse `2026-02-31`). */
function isSubscriptionCursor(cursor: string) {
  const parts = cursorPattern.exec(cursor)?.slice(1).map(Number);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return year >= 1 && at.getUTCMonth() === month - 1 && at.getUTCDate() === day && at.getUTCHours() === hour && at.getUTCMinutes() === minute && at.getUTCSeconds() === second;
}

export const listSubscriptionsQuery = z.object({
  mode: z.enum(modes).default("test"),
  provider: optional(z.enum(providers)),
  status: optional(z.enum(["incomplete", "trialing", "active", "past_due", "paused", "unpaid", "canceled"])),
  /** Customer email or name, or a provider subscription id. */
  q: optional(z.string().trim().max(200)),
  /** Keyset cursor: the `nextCursor` of the page already shown (its last row's change time to the microsecond, `_`, its id). */
  cursor: optional(z.string().refine(isSubscriptionCursor, "Use the nextCursor of a page")),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListSubscriptionsQuery = z.infer<typeof listSubscriptionsQuery>;

export const subscriptionActions = ["pause", "resume", "cancel", "cancel_at_period_end", "change_plan"] as const;
export type SubscriptionActionName = (typeof subscriptionActions)[number];

export const subscriptionActionInput = z.discriminatedUnion("action", [
  z.object({ action: z.enum(["pause", "resume", "cancel", "cancel_at_period_end"]) }),
  z.object({ action: z.literal("change_plan"), plan: z.string().trim().min(1, "Choose a plan").max(64), billingCycle: z.enum(["monthly", "yearly"]) }),
]);
export type SubscriptionActionInput = z.infer<typeof subscriptionActionInput>;
