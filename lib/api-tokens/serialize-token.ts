import "server-only";
import type { ApiToken } from "@/db/schema";

export function serializeToken(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    mode: t.mode,
    scopes: t.scopes,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export type SerializedToken = ReturnType<typeof serializeToken>;
