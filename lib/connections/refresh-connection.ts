import "server-only";
import { eq } from "drizzle-orm";
import { db as appDb } from "@/db";
import type { DbOrTx } from "@/db/client";
import { organizations, providerConnections, type ProviderConnection } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { getAdapter } from "@/lib/providers";
import { AccountGoneError } from "@/lib/providers/connections-port";
import type { AccountSnapshot, ConnectionHandle } from "@/lib/providers/types";
import { findOrgConnection, loadConnectionHandle } from "./load-connection";
import { serializeConnection } from "./serialize";

/** What made Beacon look at the account again: a provider event, a person, or the onboarding return. */
export interface RefreshSource {
  kind: "event" | "manual" | "return";
  /** The provider event id, or who asked. */
  ref?: string;
}

const sourceLabel: Record<RefreshSource["kind"], string> = {
  event: "provider event",
  manual: "manual refresh",
  return: "onboarding return",
};

/** What the provider says of an account now: its state, or that Beacon can no longer see it. */
export type AccountState = { gone: false; snapshot: AccountSnapshot } | { gone: true; reason: string };

/**
 * Re-reads an organization's connection from its provider: "Refresh" on the Connections page
 * (admins), or the Stripe onboarding return (anyone of the organization who lands there: reaching
 * the return URL proves nothing, so the account is re-retrieved).
 */
export async function refreshConnection({ ctx, input }: { ctx: OrgContext; input: { connectionId: string; kind: Extract<RefreshSource["kind"], "manual" | "return"> } }) {
  if (input.kind === "manual") requireRole(ctx, "admin");
  const connection = await findOrgConnection(appDb, ctx.organization.id, input.connectionId);
  const ref = ctx.principal.type === "user" ? ctx.principal.email : undefined;
  return serializeConnection(await pullConnectionFromProvider(appDb, connection.id, { kind: input.kind, ref }, ctx));
}

/**
 * Building block under refreshConnection and the `account.updated` handler: re-retrieves any
 * connection's account from the provider, by id and without authorizing anyone, and writes what
 * it says — the one writer of a connection's status and details. Status changes are audited. An
 * account the provider no longer lets Beacon see (deauthorized, deleted, key revoked) is marked
 * disconnected, not hidden. `actor` names the member who asked; otherwise Beacon itself is the actor.
 */
export async function pullConnectionFromProvider(
  db: DbOrTx,
  connectionId: string,
  source: RefreshSource,
  actor?: OrgContext,
): Promise<ProviderConnection> {
  const handle = await loadConnectionHandle(db, connectionId);
  return writeAccountState(db, connectionId, source, await fetchAccountState(handle), actor);
}

/** Asks the provider for the account: a network call, so never made inside a transaction. */
export async function fetchAccountState(handle: ConnectionHandle): Promise<AccountState> {
  try {
    return { gone: false, snapshot: await getAdapter(handle.connection.provider).retrieveAccount(handle) };
  } catch (error) {
    if (error instanceof AccountGoneError) return { gone: true, reason: error.message };
    throw error;
  }
}

/**
 * Writes what `fetchAccountState` found. It calls no provider, so a webhook handler runs it in
 * the event's transaction, after the lease check.
 */
export function writeAccountState(
  db: DbOrTx,
  connectionId: string,
  source: RefreshSource,
  state: AccountState,
  actor?: OrgContext,
): Promise<ProviderConnection> {
  if (state.gone) return markDisconnected(db, connectionId, source, actor, state.reason);
  const { snapshot } = state;
  return writeConnection(db, connectionId, source, actor, (row) => ({
    status: snapshot.status,
    details: snapshot.details,
    accountId: snapshot.accountId ?? row.accountId,
    disconnectedAt: null,
  }));
}

/**
 * Marks a connection disconnected (Stripe `account.application.deauthorized`, a deleted account,
 * a revoked key). Idempotent: an already disconnected connection keeps its first date.
 */
export async function markDisconnected(
  db: DbOrTx,
  connectionId: string,
  source: RefreshSource,
  actor?: OrgContext,
  reason?: string,
): Promise<ProviderConnection> {
  return writeConnection(
    db,
    connectionId,
    source,
    actor,
    (row) => ({ status: "disconnected", disconnectedAt: row.disconnectedAt ?? new Date() }),
    reason,
  );
}

async function writeConnection(
  db: DbOrTx,
  connectionId: string,
  source: RefreshSource,
  actor: OrgContext | undefined,
  change: (row: ProviderConnection) => Partial<ProviderConnection>,
  reason?: string,
): Promise<ProviderConnection> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(providerConnections).where(eq(providerConnections.id, connectionId)).for("update");
    if (!row) throw new DomainError("not_found", "No such provider connection.");
    const now = new Date();
    const [updated] = await tx
      .update(providerConnections)
      .set({ ...change(row), lastSyncedAt: now, updatedAt: now })
      .where(eq(providerConnections.id, connectionId))
      .returning();
    if (updated!.status !== row.status) {
      await recordAudit(tx, actor ?? (await systemContext(tx, row.organizationId, source)), {
        action: "connection.status_changed",
        targetType: "provider_connection",
        targetId: row.id,
        metadata: { provider: row.provider, mode: row.mode, from: row.status, to: updated!.status, source: source.kind, ref: source.ref ?? null, ...(reason && { reason }) },
      });
    }
    return updated!;
  });
}

async function systemContext(tx: DbOrTx, organizationId: string, source: RefreshSource): Promise<OrgContext> {
  const [org] = await tx
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const name = `Beacon (${sourceLabel[source.kind]}${source.ref ? ` ${source.ref}` : ""})`;
  return { organization: org!, role: null, principal: { type: "system", name } };
}
