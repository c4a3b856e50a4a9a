import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { subscriptions, webhookEvents } from "@/db/schema";
import { loadConnectionHandle } from "@/lib/connections/load-connection";
import { getAdapter } from "@/lib/providers";
import { webhookAccountOf } from "@/lib/providers/traits";
import { applySubscriptionChange } from "@/lib/subscriptions/apply-subscription-change";
import { drainEvents } from "../worker/run-worker";
import { findDrift, type Drift } from "./find-drift";

export interface ReconcileReport {
  connectionId: string;
  provider: string;
  mode: string;
  since: string;
  eventsListed: number;
  /** Events the provider has that Beacon never received; now in the inbox and processed. */
  eventsRecovered: number;
  subscriptionsChecked: number;
  /** Disagreements left after processing the recovered events. */
  drift: Drift[];
  /** Subscriptions rewritten to the provider's state (source `reconcile`). */
  repaired: number;
}

const CHUNK = 500;

/**
 * Catches up after downtime or lost deliveries: lists the provider's events since `since`,
 * stores the missing ones in the inbox (deliveries = 0 marks them as recovered, not delivered)
 * and processes them like any event; then compares every subscription with the provider's and,
 * unless `dryRun`, applies the provider's state where they still disagree.
 */
export async function reconcileConnection(db: Db, connectionId: string, { since, dryRun = false }: { since: Date; dryRun?: boolean }): Promise<ReconcileReport> {
  const handle = await loadConnectionHandle(db, connectionId);
  const { connection } = handle;
  const adapter = getAdapter(connection.provider);
  const account = webhookAccountOf(connection);
  const listed = await adapter.listEvents(handle, since);

  let recovered = 0;
  for (let i = 0; i < listed.length; i += CHUNK) {
    const chunk = listed.slice(i, i + CHUNK);
    const known = await db
      .select({ id: webhookEvents.providerEventId })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.provider, connection.provider), eq(webhookEvents.account, account), inArray(webhookEvents.providerEventId, chunk.map((e) => e.providerEventId))));
    const seen = new Set(known.map((k) => k.id));
    const missing = chunk.filter((e) => !seen.has(e.providerEventId));
    if (missing.length === 0 || dryRun) {
      recovered += missing.length;
      continue;
    }
    const inserted = await db
      .insert(webhookEvents)
      .values(
        missing.map((e) => ({
          provider: connection.provider,
          mode: connection.mode,
          account,
          providerEventId: e.providerEventId,
          type: e.type,
          organizationId: connection.organizationId,
          connectionId: connection.id,
          providerCreatedAt: e.providerCreatedAt,
          rawBody: e.rawBody,
          objectRefs: adapter.eventObjectRefs(e.rawBody),
          deliveries: 0,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    recovered += inserted.length;
  }
  if (!dryRun && recovered > 0) await drainEvents({ db, concurrency: 4, name: "reconcile", organizationId: connection.organizationId });

  const remote = await adapter.listSubscriptions(handle);
  const local = await db.select().from(subscriptions).where(eq(subscriptions.connectionId, connection.id));
  const drift = findDrift(local, remote);
  let repaired = 0;
  if (!dryRun) {
    // The provider's current state, stamped no later than the newest provider time Beacon knows,
    // so a genuinely newer event arriving afterwards still applies.
    const newest = Math.max(since.getTime(), ...listed.map((e) => e.providerCreatedAt.getTime()));
    const drifted = new Set(drift.filter((d) => d.field !== "missing_at_provider").map((d) => d.providerSubscriptionId));
    for (const sub of remote.filter((r) => drifted.has(r.providerSubscriptionId))) {
      const row = local.find((l) => l.providerSubscriptionId === sub.providerSubscriptionId);
      const occurredAt = new Date(Math.max(newest, row?.stateAt.getTime() ?? 0));
      const result = await db.transaction((tx) =>
        applySubscriptionChange(tx, { connection, subscription: sub, occurredAt, source: "reconcile", sourceRef: `reconcile ${new Date().toISOString()}` }),
      );
      if (result.applied) repaired += 1;
    }
  }
  return {
    connectionId: connection.id,
    provider: connection.provider,
    mode: connection.mode,
    since: since.toISOString(),
    eventsListed: listed.length,
    eventsRecovered: recovered,
    subscriptionsChecked: remote.length,
    drift,
    repaired,
  };
}
