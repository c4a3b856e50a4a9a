import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { providerConnections, vaultSecrets, webhookEndpoints } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { getAdapter } from "@/lib/providers";
import type { ConnectConektaInput } from "@/lib/validations/connections";
import { readSecret, storeSecret } from "@/lib/vault/vault";
import { assertProviderAvailable } from "./availability";
import { findConektaEndpoint, registerConektaWebhook, saveConektaEndpoint } from "./ensure-conekta-endpoint";
import { toHandle } from "./load-connection";
import { serializeConnection } from "./serialize";

/**
 * Saves a Conekta private key for a mode. The key is proven with a real API call first and the
 * webhook is registered before anything is stored, so a wrong key or an unreachable Conekta
 * saves nothing; then the key (sealed), the connection and the endpoint are written together.
 */
export async function connectConekta({ ctx, input }: { ctx: OrgContext; input: ConnectConektaInput }) {
  requireRole(ctx, "admin");
  assertProviderAvailable("conekta", input.mode);
  const snapshot = await getAdapter("conekta").verifyCredential!(input.mode, input.privateKey);
  const mine = and(
    eq(providerConnections.organizationId, ctx.organization.id),
    eq(providerConnections.provider, "conekta"),
    eq(providerConnections.mode, input.mode),
  );
  const [existing] = await db.select().from(providerConnections).where(mine);
  // Without a company id to compare, only the very same key is known to open the same account.
  const previousKey = existing?.credentialSecretId ? await readSecret(db, existing.credentialSecretId) : null;
  const sameAccount = Boolean(existing) && ((existing!.accountId !== null && existing!.accountId === snapshot.accountId) || previousKey === input.privateKey);
  const now = new Date();
  const values = {
    status: snapshot.status,
    accountId: snapshot.accountId,
    details: snapshot.details,
    credentialHint: input.privateKey.slice(-4),
    lastSyncedAt: now,
    updatedAt: now,
    disconnectedAt: null,
  };
  const draft = { id: existing?.id ?? randomUUID(), organizationId: ctx.organization.id, provider: "conekta" as const, mode: input.mode, ...values };
  const handle = toHandle({ ...draft, credentialSecretId: null, createdAt: now }, input.privateKey);
  const endpoint = sameAccount ? await findConektaEndpoint(db, draft.id) : null;
  // At Conekta's webhook limit this is a 409 naming the account's webhooks, and nothing is saved.
  const registered = endpoint ? null : await registerConektaWebhook(db, handle, { removeStale: input.removeStaleWebhook });
  const material = registered?.material ?? null;

  return db.transaction(async (tx) => {
    const credentialSecretId = await storeSecret(tx, { organizationId: ctx.organization.id, purpose: "conekta_private_key", value: input.privateKey });
    const [row] = existing
      ? await tx.update(providerConnections).set({ ...values, credentialSecretId }).where(eq(providerConnections.id, existing.id)).returning()
      : await tx.insert(providerConnections).values({ ...draft, credentialSecretId }).onConflictDoNothing().returning();
    if (!row) throw new DomainError("conflict", "Another Conekta key for this mode was saved at the same moment; reload and try again.");
    if (existing?.credentialSecretId) await tx.delete(vaultSecrets).where(eq(vaultSecrets.id, existing.credentialSecretId));
    // A key of another account: the old account's endpoint no longer belongs to this connection.
    if (existing && !sameAccount) {
      await tx.update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.connectionId, existing.id));
    }
    if (material) await saveConektaEndpoint(tx, handle, material);
    await recordAudit(tx, ctx, {
      action: existing ? "connection.credential_replaced" : "connection.connected",
      targetType: "provider_connection",
      targetId: row.id,
      metadata: {
        provider: "conekta",
        mode: input.mode,
        accountId: snapshot.accountId,
        keyHint: values.credentialHint,
        status: snapshot.status,
        ...(registered?.removedUrl ? { removedStaleWebhook: registered.removedUrl } : {}),
      },
    });
    return serializeConnection(row);
  });
}
