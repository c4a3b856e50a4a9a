import "server-only";
import type { Provider, Subscription } from "@/db/schema";
import type { SubscriptionActionName } from "@/lib/validations/subscriptions";

type State = Pick<Subscription, "status" | "cancelAtPeriodEnd">;

// Each provider's rules (PROTOCOLS §3.3, §7): Conekta pauses only an active subscription and
// resumes only a paused one, and has no cancel at period end; Stripe pauses collection of any
// live subscription. Nothing acts on a canceled one.
const rules: Record<Provider, Record<SubscriptionActionName, (s: State) => boolean>> = {
  stripe: {
    pause: (s) => ["active", "trialing", "past_due"].includes(s.status),
    resume: (s) => s.status === "paused",
    cancel: (s) => s.status !== "canceled",
    cancel_at_period_end: (s) => s.status !== "canceled" && s.status !== "incomplete" && !s.cancelAtPeriodEnd,
    change_plan: (s) => ["active", "trialing", "past_due", "paused"].includes(s.status),
  },
  conekta: {
    pause: (s) => s.status === "active",
    resume: (s) => s.status === "paused",
    cancel: (s) => s.status !== "canceled",
    cancel_at_period_end: () => false,
    change_plan: (s) => s.status !== "canceled",
  },
};

export function allowedActions(provider: Provider, state: State): SubscriptionActionName[] {
  return (Object.keys(rules[provider]) as SubscriptionActionName[]).filter((action) => rules[provider][action](state));
}
