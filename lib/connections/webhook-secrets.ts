import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, webhookSecrets, type Mode, type Provider, type WebhookEndpoint, type WebhookEndpointKind } from "@/db/schema";
import type { WebhookMaterial } from "@/lib/providers/connections-port";
import { storeSecret } from "@/lib/vault/vault";

// Verification material only ever reaches the database through the vault: endpoints and their
// secrets rows hold vault ids, never a whsec_ or a key.

const purposeOf: Record<WebhookEndpointKind, string> = {
  stripe_platform: "stripe_webhook_secret",
  stripe_connect: "stripe_webhook_secret",
  conekta: "conekta_webhook_public_key",
  stripe_forwarding: "stripe_cli_forwarding_secret",
};

export interface NewEndpoint {
  /** Set when the URL must name the endpoint (forwarding endpoints); generated otherwise. */
  id?: string;
  secretHint?: string;
  organizationId: string | null;
  connectionId: string | null;
  provider: Provider;
  mode: Mode;
  kind: WebhookEndpointKind;
  url: string;
}

export async function insertEndpoint(tx: DbOrTx, endpoint: NewEndpoint, material: WebhookMaterial): Promise<WebhookEndpoint> {
  const [row] = await tx
    .insert(webhookEndpoints)
    .values({ ...endpoint, providerEndpointId: material.providerEndpointId })
    .returning();
  await insertSecret(tx, row!, material);
  return row!;
}

async function insertSecret(tx: DbOrTx, endpoint: WebhookEndpoint, material: WebhookMaterial) {
  const secretId = await storeSecret(tx, { organizationId: endpoint.organizationId, purpose: purposeOf[endpoint.kind], value: material.secret });
  const [row] = await tx.insert(webhookSecrets).values({ endpointId: endpoint.id, secretId, providerKeyId: material.providerKeyId }).returning();
  return row!;
}

/**
 * Makes `material` the endpoint's active secret. The previous active one becomes `retiring`:
 * it keeps verifying until `retiresAt`, then the sweep retires it.
 */
export async function activateSecret(tx: DbOrTx, endpoint: WebhookEndpoint, material: WebhookMaterial, retiresAt: Date) {
  await tx
    .update(webhookSecrets)
    .set({ status: "retiring", retiresAt })
    .where(and(eq(webhookSecrets.endpointId, endpoint.id), eq(webhookSecrets.status, "active")));
  await tx.update(webhookEndpoints).set({ providerEndpointId: material.providerEndpointId }).where(eq(webhookEndpoints.id, endpoint.id));
  return insertSecret(tx, endpoint, material);
}
