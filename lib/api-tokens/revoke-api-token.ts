import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { db } from "@/db";
import { apiTokens } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { serializeToken } from "./serialize-token";

/** Revoking is immediate and final; revoking an already revoked token changes nothing. */
export async function revokeApiToken({ ctx, input }: { ctx: OrgContext; input: { tokenId: string } }) {
  requireRole(ctx, "admin");
  return db.transaction(async (tx) => {
    const mine = and(eq(apiTokens.id, input.tokenId), eq(apiTokens.organizationId, ctx.organization.id));
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(mine, isNull(apiTokens.revokedAt)))
      .returning();
    if (revoked) {
      await recordAudit(tx, ctx, {
        action: "api_token.revoked",
        targetType: "api_token",
        targetId: revoked.id,
        metadata: { name: revoked.name, prefix: revoked.prefix },
      });
      return serializeToken(revoked);
    }
    const [existing] = await tx.select().from(apiTokens).where(mine);
    if (!existing) throw new DomainError("not_found", "No such API token in this organization.");
    return serializeToken(existing);
  });
}
