import "server-only";
import { and, desc, eq, gte, like, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEvents, webhookRejections, type WebhookEndpoint } from "@/db/schema";
import type { TestEventProbe } from "@/lib/providers/connections-port";

export type DeliveryOutcome =
  | { outcome: "verified"; receivedAt: Date; providerEventId: string; type: string }
  | { outcome: "rejected"; receivedAt: Date; reason: string; detail: string | null; skewSeconds: number | null }
  | { outcome: "unreachable" };

/** The database's clock: delivery times are stamped by it, so the round trip is measured on one clock. */
export async function databaseNow(db: DbOrTx): Promise<Date> {
  const rows = await db.execute<{ now: Date | string }>(sql`select now() as now`);
  return new Date(rows[0]!.now);
}

/**
 * Watches the inbox and the rejections for the delivery a test provoked: a stored (verified)
 * event matching the probe, or a rejection on this endpoint since `since`. A rejection at
 * Beacon's shared Stripe URL names no endpoint and no organization (anyone may have sent it), so
 * it is never reported as an organization's result: its test either verifies or times out.
 */
export async function awaitDelivery(
  db: DbOrTx,
  endpoint: WebhookEndpoint,
  probe: TestEventProbe,
  since: Date,
  { timeoutMs = 15_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<DeliveryOutcome> {
  const mine =
    endpoint.kind === "conekta"
      ? or(eq(webhookEvents.endpointId, endpoint.id), eq(webhookEvents.connectionId, endpoint.connectionId!), eq(webhookEvents.account, endpoint.connectionId!))
      : undefined;
  const eventWhere = and(
    eq(webhookEvents.provider, endpoint.provider),
    gte(webhookEvents.receivedAt, since),
    probe.bodyContains ? like(webhookEvents.rawBody, `%${probe.bodyContains}%`) : undefined,
    probe.type ? eq(webhookEvents.type, probe.type) : undefined,
    mine,
  );
  const rejectionWhere =
    endpoint.organizationId === null
      ? null
      : and(
          eq(webhookRejections.provider, endpoint.provider),
          gte(webhookRejections.receivedAt, since),
          or(eq(webhookRejections.endpointId, endpoint.id), eq(webhookRejections.organizationId, endpoint.organizationId)),
        );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [event] = await db.select().from(webhookEvents).where(eventWhere).orderBy(webhookEvents.receivedAt).limit(1);
    if (event) return { outcome: "verified", receivedAt: event.receivedAt, providerEventId: event.providerEventId, type: event.type };
    const [rejection] = rejectionWhere
      ? await db.select().from(webhookRejections).where(rejectionWhere).orderBy(desc(webhookRejections.receivedAt)).limit(1)
      : [];
    if (rejection) {
      const { receivedAt, reason, detail, skewSeconds } = rejection;
      return { outcome: "rejected", receivedAt, reason, detail, skewSeconds };
    }
    if (Date.now() >= deadline) return { outcome: "unreachable" };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
