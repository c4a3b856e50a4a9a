import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { providerConnections, type WebhookEndpoint } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { getAdapter } from "@/lib/providers";
import { AccountGoneError } from "@/lib/providers/connections-port";
import { awaitDelivery, databaseNow, type DeliveryOutcome } from "./await-delivery";
import { endpointTarget, findOrgEndpoint } from "./endpoint-target";
import { markDisconnected } from "./refresh-connection";

const names = { stripe: "Stripe", conekta: "Conekta" } as const;

/**
 * "Test signature": makes the provider send a real signed event to Beacon's own endpoint and
 * watches it arrive — received and verified with the latency, or the exact failure: the
 * rejection's reason (wrong secret, clock skew of N s) or, when nothing arrives, the URL the
 * provider could not reach.
 */
export async function testWebhookSignature({ ctx, input }: { ctx: OrgContext; input: { endpointId: string; timeoutMs?: number } }) {
  requireRole(ctx, "admin");
  const endpoint = await findOrgEndpoint(db, ctx, input.endpointId);
  const connectionId = endpoint.kind === "stripe_connect" ? await stripeConnectionOf(ctx, endpoint) : undefined;
  const target = await endpointTarget(db, endpoint, connectionId);
  const startedAt = await databaseNow(db);
  const nonce = randomBytes(12).toString("hex");
  let probe;
  try {
    probe = await getAdapter(endpoint.provider).sendTestEvent(target, { providerEndpointId: endpoint.providerEndpointId }, nonce);
  } catch (error) {
    if (!(error instanceof AccountGoneError)) throw error;
    const goneId = target.handle?.connection.id ?? endpoint.connectionId!;
    await markDisconnected(db, goneId, { kind: "manual", ref: "signature test" }, ctx, error.message);
    throw new DomainError("conflict", `${error.message}. The connection is now shown as disconnected.`);
  }
  const delivery = await awaitDelivery(db, endpoint, probe, startedAt, { timeoutMs: input.timeoutMs });
  const result = describe(endpoint, startedAt, delivery, input.timeoutMs ?? 15_000);
  await recordAudit(db, ctx, {
    action: "webhook.signature_tested",
    targetType: "webhook_endpoint",
    targetId: endpoint.id,
    metadata: { provider: endpoint.provider, kind: endpoint.kind, mode: endpoint.mode, outcome: result.outcome, reason: result.reason, latencyMs: result.latencyMs },
  });
  return result;
}

export type SignatureTestResult = ReturnType<typeof describe>;

async function stripeConnectionOf(ctx: OrgContext, endpoint: WebhookEndpoint): Promise<string> {
  const [row] = await db
    .select({ id: providerConnections.id, accountId: providerConnections.accountId })
    .from(providerConnections)
    .where(and(eq(providerConnections.organizationId, ctx.organization.id), eq(providerConnections.provider, "stripe"), eq(providerConnections.mode, endpoint.mode)));
  if (!row?.accountId) throw new DomainError("conflict", "Connect Stripe first: the Connect endpoint's test runs on your connected account.");
  return row.id;
}

function describe(endpoint: WebhookEndpoint, startedAt: Date, delivery: DeliveryOutcome, timeoutMs: number) {
  const provider = names[endpoint.provider];
  const base = { endpointId: endpoint.id, url: endpoint.url, startedAt: startedAt.toISOString() };
  if (delivery.outcome === "verified") {
    const latencyMs = Math.max(0, delivery.receivedAt.getTime() - startedAt.getTime());
    return {
      ...base,
      ok: true,
      outcome: "verified" as const,
      receivedAt: delivery.receivedAt.toISOString(),
      latencyMs,
      eventId: delivery.providerEventId,
      eventType: delivery.type,
      reason: null,
      skewSeconds: null,
      detail: `${provider} delivered ${delivery.type} (${delivery.providerEventId}); Beacon verified its signature and stored it ${latencyMs} ms after the request.`,
    };
  }
  const failure = { ...base, ok: false, latencyMs: null, eventId: null, eventType: null };
  if (delivery.outcome === "rejected") {
    return {
      ...failure,
      outcome: "rejected" as const,
      receivedAt: delivery.receivedAt.toISOString(),
      reason: delivery.reason,
      skewSeconds: delivery.skewSeconds,
      detail: explainRejection(provider, delivery),
    };
  }
  return {
    ...failure,
    outcome: "unreachable" as const,
    receivedAt: null,
    reason: "unreachable",
    skewSeconds: null,
    detail:
      endpoint.organizationId === null
        ? `No verified delivery within ${Math.round(timeoutMs / 1000)} s at Beacon's shared ${provider} endpoint ${endpoint.url}. Deliveries refused there belong to no organization; Beacon's operators see them (beacon webhooks rejections).`
        : `Nothing arrived within ${Math.round(timeoutMs / 1000)} s: ${provider} could not deliver to ${endpoint.url}. Check that this URL (BEACON_PUBLIC_URL) is reachable from ${provider} and served by Beacon.`,
  };
}

function explainRejection(provider: string, rejection: Extract<DeliveryOutcome, { outcome: "rejected" }>): string {
  const why = rejection.detail ? ` (${rejection.detail})` : "";
  switch (rejection.reason) {
    case "bad_signature":
      return `Wrong secret: ${provider}'s signature matched none of the secrets Beacon holds for this endpoint${why}. Rotate the secret to register a fresh one.`;
    case "timestamp_out_of_tolerance":
      return `Clock skew of ${rejection.skewSeconds ?? "?"} s: the signature's timestamp is outside the 300 s tolerance${why}. Check the server's clock (NTP).`;
    case "missing_signature":
      return `The delivery carried no signature header${why}.`;
    default:
      return `Rejected: ${rejection.reason}${why}.`;
  }
}
