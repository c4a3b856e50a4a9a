import "server-only";
import { and, eq, inArray, or, gt, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, webhookSecrets, type WebhookEndpoint } from "@/db/schema";
import { readSecret } from "@/lib/vault/vault";

/** An endpoint with every secret that may still verify its deliveries (active, then retiring). */
export interface VerificationTarget {
  endpoint: Pick<WebhookEndpoint, "id" | "organizationId" | "connectionId" | "provider" | "mode" | "kind">;
  secrets: { id: string; value: string }[];
}

async function load(db: DbOrTx, endpoints: VerificationTarget["endpoint"][]): Promise<VerificationTarget[]> {
  if (endpoints.length === 0) return [];
  const now = new Date();
  const rows = await db
    .select()
    .from(webhookSecrets)
    .where(
      and(
        inArray(
          webhookSecrets.endpointId,
          endpoints.map((e) => e.id),
        ),
        or(
          eq(webhookSecrets.status, "active"),
          and(eq(webhookSecrets.status, "retiring"), or(isNull(webhookSecrets.retiresAt), gt(webhookSecrets.retiresAt, now))),
        ),
      ),
    );
  // Active first: the common case verifies on the first try.
  rows.sort((a, b) => (a.status === b.status ? b.createdAt.getTime() - a.createdAt.getTime() : a.status === "active" ? -1 : 1));
  const targets = [];
  for (const endpoint of endpoints) {
    const secrets = [];
    for (const row of rows.filter((r) => r.endpointId === endpoint.id)) {
      secrets.push({ id: row.id, value: await readSecret(db, row.secretId) });
    }
    targets.push({ endpoint, secrets });
  }
  return targets;
}

const endpointColumns = {
  id: webhookEndpoints.id,
  organizationId: webhookEndpoints.organizationId,
  connectionId: webhookEndpoints.connectionId,
  provider: webhookEndpoints.provider,
  mode: webhookEndpoints.mode,
  kind: webhookEndpoints.kind,
};

/**
 * Stripe's platform and Connect endpoints of both modes: one route receives them all. Forwarding
 * endpoints have their own route each; a developer's `whsec_` never verifies on the shared one.
 */
export async function loadStripeVerificationTargets(db: DbOrTx): Promise<VerificationTarget[]> {
  const endpoints = await db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.provider, "stripe"), eq(webhookEndpoints.enabled, true), ne(webhookEndpoints.kind, "stripe_forwarding")));
  return load(db, endpoints);
}

/** The Conekta endpoint of one connection (its route carries the connection id). */
export async function loadConektaVerificationTargets(db: DbOrTx, connectionId: string): Promise<VerificationTarget[]> {
  const endpoints = await db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.connectionId, connectionId), eq(webhookEndpoints.kind, "conekta"), eq(webhookEndpoints.enabled, true)));
  return load(db, endpoints);
}

/** One `stripe listen` forwarding endpoint (its route carries the endpoint id). */
export async function loadForwardingVerificationTargets(db: DbOrTx, endpointId: string): Promise<VerificationTarget[]> {
  const endpoints = await db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.kind, "stripe_forwarding"), eq(webhookEndpoints.mode, "test"), eq(webhookEndpoints.enabled, true)));
  return load(db, endpoints);
}
