import "server-only";
import { and, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import { invitations } from "@/db/schema";
import { hashInvitationToken } from "./invitation-token";

/** The invitation this token opens, if it is still open: not accepted, revoked or expired. */
export function openInvitationWhere(token: string): SQL {
  return and(
    eq(invitations.tokenHash, hashInvitationToken(token)),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, sql`now()`),
  )!;
}

/** This organization's invitation `id`, if nobody accepted or revoked it (expired ones included). */
export function unsettledInvitationWhere(organizationId: string, id: string): SQL {
  return and(eq(invitations.organizationId, organizationId), eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt))!;
}
