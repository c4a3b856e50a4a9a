import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { webhookEndpoints, webhookSecrets } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { DomainError } from "@/lib/errors";
import { forwardingScope, invalidateVerificationTargets } from "@/lib/webhooks/ingest/verification-cache";
import { serializeForwarding } from "./serialize-forwarding";

/**
 * Stops a forwarding endpoint: its URL answers 404 from now on and its secret no longer verifies.
 * The row stays (disabled) so the events it delivered still name it.
 */
export async function removeForwardingEndpoint({ ctx, input }: { ctx: OrgContext; input: { endpointId: string } }) {
  requireRole(ctx, "admin");
  const mine = and(
    eq(webhookEndpoints.id, input.endpointId),
    eq(webhookEndpoints.organizationId, ctx.organization.id),
    eq(webhookEndpoints.kind, "stripe_forwarding"),
    eq(webhookEndpoints.enabled, true),
  );
  const removed = await db.transaction(async (tx) => {
    const [row] = await tx.update(webhookEndpoints).set({ enabled: false }).where(mine).returning();
    if (!row) throw new DomainError("not_found", "No such forwarding endpoint in this organization.");
    await tx.update(webhookSecrets).set({ status: "retired", retiresAt: new Date() }).where(eq(webhookSecrets.endpointId, row.id));
    await recordAudit(tx, ctx, {
      action: "webhook_forwarding.removed",
      targetType: "webhook_endpoint",
      targetId: row.id,
      metadata: { provider: "stripe", mode: row.mode, secretHint: row.secretHint },
    });
    return row;
  });
  invalidateVerificationTargets("stripe", forwardingScope(removed.id));
  return serializeForwarding(removed);
}
