import "server-only";
import type { DbOrTx } from "@/db";
import { auditLog } from "@/db/schema";
import { actorOf, type OrgContext } from "@/lib/auth/context";

export interface AuditInput {
  action: string;
  targetType?: string;
  targetId?: string;
  /** Never secrets: names, roles, scopes, ids. */
  metadata?: Record<string, unknown>;
}

/** The single writer of the audit log; called inside the transaction of the action it records. */
export async function recordAudit(tx: DbOrTx, ctx: OrgContext, input: AuditInput) {
  await tx.insert(auditLog).values({
    organizationId: ctx.organization.id,
    ...actorOf(ctx.principal),
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    metadata: input.metadata ?? {},
  });
}
