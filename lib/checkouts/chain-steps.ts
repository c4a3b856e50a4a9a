import "server-only";
import type { Checkout, CheckoutRequestRecord } from "@/db/schema";
import { iso } from "@/lib/utils/iso";
import type { ChainEventRow, ChainSubscriptionRow } from "./get-checkout-chain";
import { confirmedViaName } from "./serialize-checkout";

/** A request in the chain: what was asked, through which door, by whom, and what it got. */
function requestStep(r: CheckoutRequestRecord) {
  return {
    kind: "request" as const,
    at: r.startedAt.toISOString(),
    id: `request-${r.id}`,
    action: r.kind,
    method: r.method,
    path: r.path,
    idempotencyKey: r.idempotencyKey,
    /** The body's fingerprint, shortened: enough to see that a reused key came with another body. */
    fingerprint: r.fingerprint?.slice(0, 12) ?? null,
    outcome: r.outcome,
    status: r.status,
    requestId: r.requestId,
    actor: r.actorLabel,
    providerStatus: r.providerStatus,
    detail: r.detail,
    durationMs: r.durationMs,
  };
}

function sessionStep(c: Checkout) {
  return {
    kind: "session" as const,
    at: c.createdAt.toISOString(),
    id: "session",
    provider: c.provider,
    providerCheckoutId: c.providerCheckoutId,
    /** The hosted page, while the buyer can still use it. */
    url: c.status === "open" ? c.url : null,
    expiresAt: iso(c.expiresAt),
  };
}

function confirmedStep(c: Checkout & { confirmedAt: Date }) {
  return {
    kind: "confirmed" as const,
    at: c.confirmedAt.toISOString(),
    id: "confirmed",
    status: c.status,
    via: c.confirmedVia ? confirmedViaName[c.confirmedVia] : null,
    completedAt: iso(c.completedAt),
  };
}

function webhookStep(e: ChainEventRow) {
  return {
    kind: "webhook" as const,
    at: e.receivedAt.toISOString(),
    id: `event-${e.id}`,
    eventId: e.id,
    type: e.type,
    providerEventId: e.providerEventId,
    providerCreatedAt: e.providerCreatedAt.toISOString(),
    status: e.status,
    decision: e.decision,
    note: e.lastError ?? e.decisionNote,
    deliveries: e.deliveries,
  };
}

function subscriptionStep(s: ChainSubscriptionRow) {
  return {
    kind: "subscription" as const,
    at: s.createdAt.toISOString(),
    id: "subscription",
    subscriptionId: s.id,
    providerSubscriptionId: s.providerSubscriptionId,
    status: s.status,
    /** What first recorded it: `event`, `confirmation` (return page), `api` or `reconcile`. */
    source: s.firstChange?.source ?? null,
    sourceRef: s.firstChange?.sourceRef ?? null,
  };
}

export type ChainStep = ReturnType<typeof requestStep | typeof sessionStep | typeof confirmedStep | typeof webhookStep | typeof subscriptionStep>;

// Same instant: a request before the session it made, the session before its confirmation, and
// the subscription right after the confirmation that linked it.
const order: Record<ChainStep["kind"], number> = { request: 0, session: 1, confirmed: 2, subscription: 3, webhook: 4 };

/** Every step of the chain in Beacon's own time order (provider clocks are shown, not sorted on). */
export function chainSteps(input: {
  checkout: Checkout;
  requests: CheckoutRequestRecord[];
  events: ChainEventRow[];
  subscription: ChainSubscriptionRow | null;
}): ChainStep[] {
  const { checkout } = input;
  const steps: ChainStep[] = [
    ...input.requests.map(requestStep),
    sessionStep(checkout),
    ...(checkout.confirmedAt ? [confirmedStep({ ...checkout, confirmedAt: checkout.confirmedAt })] : []),
    ...input.events.map(webhookStep),
    ...(input.subscription ? [subscriptionStep(input.subscription)] : []),
  ];
  return steps
    .map((step, index) => ({ step, index }))
    // ISO times of one format sort as strings.
    .sort((a, b) => (a.step.at < b.step.at ? -1 : a.step.at > b.step.at ? 1 : 0) || order[a.step.kind] - order[b.step.kind] || a.index - b.index)
    .map(({ step }) => step);
}
