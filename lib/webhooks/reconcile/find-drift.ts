import "server-only";
import type { Subscription } from "@/db/schema";
import type { ProviderSubscription } from "@/lib/providers/types";
import { iso } from "@/lib/utils/iso";

export interface Drift {
  providerSubscriptionId: string;
  field: "missing_in_beacon" | "missing_at_provider" | "status" | "cancel_at_period_end" | "current_period_end" | "trial_end";
  beacon: string | null;
  provider: string | null;
}

/** Where Beacon's subscriptions disagree with what the provider says now. */
export function findDrift(local: Subscription[], remote: ProviderSubscription[]): Drift[] {
  const drift: Drift[] = [];
  const byId = new Map(local.map((s) => [s.providerSubscriptionId, s]));
  for (const r of remote) {
    const l = byId.get(r.providerSubscriptionId);
    byId.delete(r.providerSubscriptionId);
    if (!l) {
      drift.push({ providerSubscriptionId: r.providerSubscriptionId, field: "missing_in_beacon", beacon: null, provider: r.providerStatus });
      continue;
    }
    const compare = (field: Drift["field"], beacon: string | null, provider: string | null) => {
      if (beacon !== provider) drift.push({ providerSubscriptionId: r.providerSubscriptionId, field, beacon, provider });
    };
    compare("status", l.providerStatus, r.providerStatus);
    compare("cancel_at_period_end", String(l.cancelAtPeriodEnd), String(r.cancelAtPeriodEnd));
    compare("current_period_end", iso(l.currentPeriodEnd), iso(r.currentPeriodEnd));
    compare("trial_end", iso(l.trialEnd), iso(r.trialEnd));
  }
  for (const l of byId.values()) {
    drift.push({ providerSubscriptionId: l.providerSubscriptionId, field: "missing_at_provider", beacon: l.providerStatus, provider: null });
  }
  return drift;
}
