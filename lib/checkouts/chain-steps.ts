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

/**
 * Who pressed the button behind an `api` source: the timeline and the checkout record only `api`
 * for both POST …/confirm and the dashboard's "Confirm now", but the request log knows which door
 * the call came through. The request with `requestId` (the change's sourceRef) when known, else
 * the first confirm call that moved the state.
 */
function confirmDoor(requests: CheckoutRequestRecord[], requestId: string | null): "api" | "dashboard" {
  const call = requestId
    ? requests.find((r) => r.requestId === requestId && (r.kind === "api_confirm" || r.kind === "dashboard_confirm"))
    : requests.find((r) => r.outcome === "confirmed" && (r.kind === "api_confirm" || r.kind === "dashboard_confirm"));
  return call?.kind === "dashboard_confirm" ? "dashboard" : "api";
}

/** How the checkout first reached its final state, as the chain names it (`dashboard` for "Confirm now"). */
function chainConfirmedVia(checkout: Pick<Checkout, "confirmedVia">, requests: CheckoutRequestRecord[]) {
  if (!checkout.confirmedVia) return null;
  return checkout.confirmedVia === "api" ? confirmDoor(requests, null) : confirmedViaName[checkout.confirmedVia];
}

function confirmedStep(c: Checkout & { confirmedAt: Date }, requests: CheckoutRequestRecord[]) {
  return {
    kind: "confirmed" as const,
    at: c.confirmedAt.toISOString(),
    id: "confirmed",
    status: c.status,
    via: chainConfirmedVia(c, requests),
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

function subscriptionStep(s: ChainSubscriptionRow, requests: CheckoutRequestRecord[]) {
  const source = s.firstChange?.source ?? null;
  return {
    kind: "subscription" as const,
    at: s.createdAt.toISOString(),
    id: "subscription",
    subscriptionId: s.id,
    providerSubscriptionId: s.providerSubscriptionId,
    status: s.status,
    /** What first recorded it: `event`, `confirmation` (return page), `api`, `dashboard` ("Confirm now") or `reconcile`. */
    source: source === "api" ? confirmDoor(requests, s.firstChange?.sourceRef ?? null) : source,
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
    ...(checkout.confirmedAt ? [confirmedStep({ ...checkout, confirmedAt: checkout.confirmedAt }, input.requests)] : []),
    ...input.events.map(webhookStep),
    ...(input.subscription ? [subscriptionStep(input.subscription, input.requests)] : []),
  ];
  return steps
    .map((step, index) => ({ step, index }))
    // ISO times of one format sort as strings.
    .sort((a, b) => (a.step.at < b.step.at ? -1 : a.step.at > b.step.at ? 1 : 0) || order[a.step.kind] - order[b.step.kind] || a.index - b.index)
    .map(({ step }) => step);
}
