import "server-only";
import type { ApiToken } from "@/db/schema";
import { iso } from "@/lib/utils/iso";

export function serializeToken(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    mode: t.mode,
    scopes: t.scopes,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  };
}

export type SerializedToken = ReturnType<typeof serializeToken>;
