import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { AuditQuery } from "@/lib/validations/audit";

export async function listAuditLog({ ctx, input }: { ctx: OrgContext; input: AuditQuery }) {
  requireRole(ctx, "admin");
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, ctx.organization.id), input.before ? lt(auditLog.id, input.before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      action: r.action,
      actorType: r.actorType,
      actorLabel: r.actorLabel,
      targetType: r.targetType,
      targetId: r.targetId,
      metadata: r.metadata,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > input.limit ? page.at(-1)?.id ?? null : null,
  };
}

export type ListAuditLogResponse = Awaited<ReturnType<typeof listAuditLog>>;
