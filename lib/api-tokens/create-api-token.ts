import "server-only";
import { db } from "@/db";
import { apiTokens } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import type { CreateApiTokenInput } from "@/lib/validations/api-tokens";
import { serializeToken } from "./serialize-token";
import { generateToken } from "./token-format";

/** Creates a token and returns its plain value: the only time it exists outside the caller's hands. */
export async function createApiToken({ ctx, input }: { ctx: OrgContext; input: CreateApiTokenInput }) {
  requireRole(ctx, "admin");
  const { token, prefix, tokenHash } = generateToken(input.mode);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        organizationId: ctx.organization.id,
        name: input.name,
        mode: input.mode,
        scopes: input.scopes,
        prefix,
        tokenHash,
        createdBy: ctx.principal.type === "user" ? ctx.principal.id : null,
      })
      .returning();
    if (!row) throw new Error("token insert returned nothing");
    await recordAudit(tx, ctx, {
      action: "api_token.created",
      targetType: "api_token",
      targetId: row.id,
      metadata: { name: row.name, mode: row.mode, scopes: row.scopes, prefix },
    });
    return { ...serializeToken(row), token };
  });
}

export type CreateApiTokenResponse = Awaited<ReturnType<typeof createApiToken>>;
