import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { invitations } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { unsettledInvitationWhere } from "./open-invitation";

/** Revokes an open invitation: its link stops working. The row stays, as history. */
export async function revokeInvitation({ ctx, input }: { ctx: OrgContext; input: { invitationId: string } }) {
  requireRole(ctx, "admin");
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitations)
      // Forgetting the hash too means no later bug in a WHERE clause can bring the link back.
      .set({ revokedAt: sql`now()`, tokenHash: null })
      .where(unsettledInvitationWhere(ctx.organization.id, input.invitationId))
      .returning();
    if (!revoked) throw new DomainError("not_found", "No such open invitation in this organization.");
    await recordAudit(tx, ctx, {
      action: "member.invitation_revoked",
      targetType: "invitation",
      targetId: revoked.id,
      metadata: { email: revoked.email, role: revoked.role },
    });
  });
}
