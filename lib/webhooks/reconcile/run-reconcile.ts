import "server-only";
import { and, eq, isNotNull, ne } from "drizzle-orm";
import { db } from "@/db";
import { providerConnections } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { parseDuration } from "@/lib/utils/duration";
import type { ReconcileInput } from "@/lib/validations/events";
import { reconcileConnection } from "./reconcile-connection";

/** The Events page's "Reconcile" button: every connection of the organization in a mode. */
export async function runReconcile({ ctx, input }: { ctx: OrgContext; input: ReconcileInput }) {
  requireRole(ctx, "admin");
  const since = new Date(Date.now() - parseDuration(input.since)! * 1000);
  const connections = await db
    .select({ id: providerConnections.id })
    .from(providerConnections)
    .where(
      and(
        eq(providerConnections.organizationId, ctx.organization.id),
        eq(providerConnections.mode, input.mode),
        ne(providerConnections.status, "disconnected"),
        isNotNull(providerConnections.accountId),
      ),
    );
  const reports = [];
  for (const { id } of connections) reports.push(await reconcileConnection(db, id, { since }));
  await recordAudit(db, ctx, {
    action: "webhook_events.reconciled",
    targetType: "organization",
    targetId: ctx.organization.id,
    metadata: {
      mode: input.mode,
      since: input.since,
      connections: reports.map((r) => ({ connectionId: r.connectionId, provider: r.provider, recovered: r.eventsRecovered, drift: r.drift.length, repaired: r.repaired })),
    },
  });
  return { since: since.toISOString(), reports };
}

export type RunReconcileResponse = Awaited<ReturnType<typeof runReconcile>>;
