import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, webhookSecrets, type WebhookEndpoint } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { getAdapter } from "@/lib/providers";
import { WebhookLimitReached, type WebhookMaterial } from "@/lib/providers/connections-port";
import type { ConnectionHandle } from "@/lib/providers/types";
import { conektaWebhookUrl } from "./availability";
import { insertEndpoint } from "./webhook-secrets";

/** The connection's enabled Conekta endpoint that still has an active key, if any. */
export async function findConektaEndpoint(db: DbOrTx, connectionId: string): Promise<WebhookEndpoint | null> {
  const [row] = await db
    .select({ endpoint: webhookEndpoints })
    .from(webhookEndpoints)
    .innerJoin(webhookSecrets, and(eq(webhookSecrets.endpointId, webhookEndpoints.id), eq(webhookSecrets.status, "active")))
    .where(and(eq(webhookEndpoints.connectionId, connectionId), eq(webhookEndpoints.kind, "conekta"), eq(webhookEndpoints.enabled, true)))
    .limit(1);
  return row?.endpoint ?? null;
}

/**
 * Registers the webhook and its key at Conekta; nothing is stored yet. At Conekta's webhook limit
 * this is a 409 naming the account's webhooks (webhookLimitProblem); with `removeStale`, one
 * webhook Beacon registered that nothing uses any more is deleted first and the registration
 * made once more.
 */
export async function registerConektaWebhook(
  db: DbOrTx,
  handle: ConnectionHandle,
  { removeStale = false }: { removeStale?: boolean } = {},
): Promise<{ material: WebhookMaterial; removedUrl: string | null }> {
  const adapter = getAdapter("conekta");
  const target = { mode: handle.connection.mode, kind: "conekta" as const, url: conektaWebhookUrl(handle.connection.id), handle };
  try {
    return { material: await adapter.registerWebhook(target), removedUrl: null };
  } catch (error) {
    if (!(error instanceof WebhookLimitReached)) throw error;
    const webhooks = await classifyWebhooks(db, error);
    const stale = removeStale ? webhooks.find((w) => w.beacon === "stale") : undefined;
    if (!stale) throw webhookLimitProblem(webhooks);
    await adapter.removeWebhook({ ...target, url: stale.url }, { providerEndpointId: stale.id });
    return { material: (await registerConektaWebhook(db, handle)).material, removedUrl: stale.url };
  }
}

type LimitWebhook = { id: string; url: string; beacon: "in_use" | "stale" | null };

/**
 * Names every webhook on the account and whether it is Beacon's: `in_use` when an enabled
 * endpoint row still holds it, `stale` when it is at Beacon's Conekta URL but nothing delivers
 * there any more (a replaced key's old account, a removed connection), `null` when it is not
 * Beacon's. A stale one can be deleted in Conekta's panel without losing anything.
 */
async function classifyWebhooks(db: DbOrTx, limit: WebhookLimitReached): Promise<LimitWebhook[]> {
  const ids = limit.webhooks.map((w) => w.id);
  const held = ids.length
    ? await db
        .select({ id: webhookEndpoints.providerEndpointId })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.kind, "conekta"), eq(webhookEndpoints.enabled, true), inArray(webhookEndpoints.providerEndpointId, ids)))
    : [];
  const beaconPrefix = conektaWebhookUrl("");
  return limit.webhooks.map((w) => ({
    id: w.id,
    url: w.url,
    beacon: held.some((h) => h.id === w.id) ? ("in_use" as const) : w.url.startsWith(beaconPrefix) ? ("stale" as const) : null,
  }));
}

function webhookLimitProblem(webhooks: LimitWebhook[]): DomainError {
  const stale = webhooks.filter((w) => w.beacon === "stale");
  const detail =
    `This Conekta account already has ${webhooks.length} webhooks, the most Conekta allows, so Beacon could not add its own; nothing was saved. ` +
    `Free one and try again: delete a webhook you no longer use in Conekta's panel (Developers → Webhooks). ` +
    (stale.length
      ? `${stale.length} of them ${stale.length === 1 ? "is a webhook" : "are webhooks"} Beacon registered that nothing uses any more (${stale.map((w) => w.url).join(", ")}): ` +
        `delete it there, or send the key again with "removeStaleWebhook": true and Beacon deletes one for you.`
      : `Every Beacon webhook listed is in use; delete one of the others.`);
  return new DomainError("webhook_limit_reached", detail, { details: { provider: "conekta", webhookLimit: webhooks.length, webhooks } });
}

export function saveConektaEndpoint(tx: DbOrTx, handle: ConnectionHandle, material: WebhookMaterial): Promise<WebhookEndpoint> {
  const { id, organizationId, mode } = handle.connection;
  return insertEndpoint(
    tx,
    { organizationId, connectionId: id, provider: "conekta", mode, kind: "conekta", url: conektaWebhookUrl(id) },
    material,
  );
}

/** Idempotent: the connection's endpoint, registered (webhook + key) when it has none. */
export async function ensureConektaEndpoint(db: DbOrTx, handle: ConnectionHandle): Promise<WebhookEndpoint> {
  const existing = await findConektaEndpoint(db, handle.connection.id);
  if (existing) return existing;
  const { material } = await registerConektaWebhook(db, handle);
  return db.transaction((tx) => saveConektaEndpoint(tx, handle, material));
}
