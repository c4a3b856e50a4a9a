import "server-only";
import type { OverviewCounts } from "@/db/queries/overview";
import type { Provider } from "@/db/schema";
import { traitsOf } from "@/lib/providers/traits";

export type QuickstartStepKey = "connect" | "webhooks" | "plan" | "checkout" | "confirm" | "validate";

export interface QuickstartStep {
  key: QuickstartStepKey;
  done: boolean;
  /** Providers for which the step is done (steps 1 and 2). */
  providers: Provider[];
  /** Where the step is done, or seen. */
  href: string;
}

/**
 * The quickstart's five steps as the data says they stand, for one mode. A provider counts as
 * connected when it can charge (Stripe `charges_enabled`, an enabled Conekta account); its
 * webhooks count once an endpoint serves it and a delivery has verified (an event received, or
 * the endpoint's last verification); a plan comes before a checkout, which needs one; the last
 * step needs all the others and no critical alert (`criticalAlerts` may still be computing: it is
 * awaited last, so the alerts' queries run alongside the counts').
 */
export async function quickstartChecklist(counts: OverviewCounts, slug: string, criticalAlerts: number | Promise<number>): Promise<QuickstartStep[]> {
  const { connections, endpoints, activePlans: plans, checkouts, statuses } = counts;
  const events = connections.filter((c) => c.hasEvents).map((c) => c.provider);
  const live = connections.filter((c) => c.status !== "disconnected");
  const charging = live.filter((c) => traitsOf(c.provider).canCharge(c)).map((c) => c.provider);
  const verified = live
    .map((c) => c.provider)
    .filter((provider) => {
      const serving = endpoints.filter((e) => e.provider === provider);
      const received = events.includes(provider);
      return serving.length > 0 && (received || serving.some((e) => e.lastVerification === "verified"));
    });
  const confirmed = checkouts.confirmed > 0 || (statuses.active ?? 0) + (statuses.trialing ?? 0) > 0;
  const steps: QuickstartStep[] = [
    { key: "connect", done: charging.length > 0, providers: charging, href: `/${slug}/connections` },
    { key: "webhooks", done: verified.length > 0, providers: verified, href: `/${slug}/connections` },
    { key: "plan", done: plans > 0, providers: [], href: `/${slug}/plans` },
    { key: "checkout", done: checkouts.created > 0, providers: [], href: checkouts.created > 0 ? `/${slug}/checkouts` : `/${slug}/settings#api-tokens` },
    { key: "confirm", done: confirmed, providers: [], href: `/${slug}/checkouts` },
  ];
  steps.push({ key: "validate", done: steps.every((s) => s.done) && (await criticalAlerts) === 0, providers: [], href: `/${slug}/observability` });
  return steps;
}
