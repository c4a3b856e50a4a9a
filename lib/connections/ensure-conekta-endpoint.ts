import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, webhookSecrets, type WebhookEndpoint } from "@/db/schema";
import { getAdapter } from "@/lib/providers";
import type { WebhookMaterial } from "@/lib/providers/connections-port";
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

/** Registers the webhook and its key at Conekta; nothing is stored yet. */
export function registerConektaWebhook(handle: ConnectionHandle): Promise<WebhookMaterial> {
  const target = { mode: handle.connection.mode, kind: "conekta" as const, url: conektaWebhookUrl(handle.connection.id), handle };
  return getAdapter("conekta").registerWebhook(target);
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
  const material = await registerConektaWebhook(handle);
  return db.transaction((tx) => saveConektaEndpoint(tx, handle, material));
}
