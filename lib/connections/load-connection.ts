import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerConnections, type Mode, type Provider, type ProviderConnection } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { ConnectionHandle } from "@/lib/providers/types";
import { readSecret } from "@/lib/vault/vault";

/** A connection with its decrypted credential (Conekta's private key), for adapters only. */
export async function loadConnectionHandle(db: DbOrTx, connectionId: string): Promise<ConnectionHandle> {
  const [row] = await db.select().from(providerConnections).where(eq(providerConnections.id, connectionId));
  if (!row) throw new DomainError("not_found", "No such provider connection.");
  return toHandle(row, row.credentialSecretId ? await readSecret(db, row.credentialSecretId) : null);
}

export function toHandle(row: ProviderConnection, credential: string | null): ConnectionHandle {
  const { id, organizationId, provider, mode, accountId } = row;
  return { connection: { id, organizationId, provider, mode, accountId }, credential };
}

/** The columns that place a provider object's row (customer, subscription, invoice, checkout) under its connection. */
export function connectionScope(connection: ConnectionHandle["connection"]) {
  return { organizationId: connection.organizationId, mode: connection.mode, provider: connection.provider, connectionId: connection.id };
}

/** The connection that owns a provider account (Stripe `acct_…`, Conekta company id) in a mode. */
export async function findConnectionByAccount(
  db: DbOrTx,
  provider: Provider,
  mode: Mode,
  accountId: string,
): Promise<ProviderConnection | null> {
  const [row] = await db
    .select()
    .from(providerConnections)
    .where(and(eq(providerConnections.provider, provider), eq(providerConnections.mode, mode), eq(providerConnections.accountId, accountId)))
    .orderBy(asc(providerConnections.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * The organization's `enabled` connection in a mode. With a provider, that provider's; without,
 * the first one the organization connected (oldest `createdAt`), so a merchant's original
 * provider stays the default when a second one is added.
 */
export async function getEnabledConnection(
  db: DbOrTx,
  organizationId: string,
  mode: Mode,
  provider?: Provider,
): Promise<ProviderConnection | null> {
  const [row] = await db
    .select()
    .from(providerConnections)
    .where(
      and(
        eq(providerConnections.organizationId, organizationId),
        eq(providerConnections.mode, mode),
        eq(providerConnections.status, "enabled"),
        provider ? eq(providerConnections.provider, provider) : undefined,
      ),
    )
    .orderBy(asc(providerConnections.createdAt), asc(providerConnections.id))
    .limit(1);
  return row ?? null;
}

/** An organization's connection by id; another tenant's reads as not found. */
export async function findOrgConnection(db: DbOrTx, organizationId: string, connectionId: string): Promise<ProviderConnection> {
  const [row] = await db
    .select()
    .from(providerConnections)
    .where(and(eq(providerConnections.id, connectionId), eq(providerConnections.organizationId, organizationId)));
  if (!row) throw new DomainError("not_found", "No such provider connection in this organization.");
  return row;
}
