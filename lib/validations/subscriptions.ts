import { z } from "zod";
import { modes } from "./api-tokens";
import { optional, providers } from "./events";

export const listSubscriptionsQuery = z.object({
  mode: z.enum(modes).default("test"),
  provider: optional(z.enum(providers)),
  status: optional(z.enum(["incomplete", "trialing", "active", "past_due", "paused", "unpaid", "canceled"])),
  /** Customer email or name, or a provider subscription id. */
  q: optional(z.string().trim().max(200)),
});
export type ListSubscriptionsQuery = z.infer<typeof listSubscriptionsQuery>;

export const subscriptionActions = ["pause", "resume", "cancel", "cancel_at_period_end", "change_plan"] as const;
export type SubscriptionActionName = (typeof subscriptionActions)[number];

export const subscriptionActionInput = z.discriminatedUnion("action", [
  z.object({ action: z.enum(["pause", "resume", "cancel", "cancel_at_period_end"]) }),
  z.object({ action: z.literal("change_plan"), plan: z.string().trim().min(1, "Choose a plan").max(64), billingCycle: z.enum(["monthly", "yearly"]) }),
]);
export type SubscriptionActionInput = z.infer<typeof subscriptionActionInput>;
