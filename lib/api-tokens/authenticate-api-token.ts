import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { apiTokens, organizations } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { hashToken, isWellFormedToken } from "./token-format";

// last_used_at is a hint, not a log: writing it at most once a minute keeps the hot path read-only.
const lastUsedResolutionMs = 60_000;

/** The context a bearer token acts in, or null when it is unknown or revoked. */
export async function authenticateApiToken(token: string): Promise<OrgContext | null> {
  if (!isWellFormedToken(token)) return null;
  const [row] = await db
    .select({ token: apiTokens, organization: { id: organizations.id, slug: organizations.slug, name: organizations.name } })
    .from(apiTokens)
    .innerJoin(organizations, eq(organizations.id, apiTokens.organizationId))
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .limit(1);
  if (!row || row.token.revokedAt) return null;
  const now = new Date();
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > lastUsedResolutionMs) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  const { id, name, mode, scopes } = row.token;
  return { organization: row.organization, role: null, principal: { type: "api_token", id, name, mode, scopes } };
}
