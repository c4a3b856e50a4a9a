import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import type { DbOrTx } from "@/db/client";
import { organizations, providerConnections, webhookEndpoints, webhookSecrets, type WebhookEndpoint } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { env } from "@/lib/env";
import { getAdapter } from "@/lib/providers";
import { traitsOf } from "@/lib/providers/traits";
import type { WebhookMaterial } from "@/lib/providers/connections-port";
import { logger } from "@/lib/utils/logger";
import { endpointTarget, findOrgEndpoint } from "./endpoint-target";
import { sweepWebhookSecrets } from "./sweep-webhook-secrets";
import { activateSecret } from "./webhook-secrets";

/**
 * Gives an endpoint a new verification secret. The old one turns `retiring` and still verifies
 * for BEACON_SECRET_OVERLAP_HOURS (deliveries already signed with it, or still being signed with
 * it, are accepted), then the sweep retires it.
 *
 * One overlap at a time: a secret still retiring from an earlier rotation is retired now, at the
 * provider too. Otherwise every rotation inside the overlap added a live Stripe endpoint (20
 * rotations left 22, and each event was delivered by all of them); the secret the new one
 * replaces is the only one senders may still be using.
 */
export async function rotateEndpointSecret(database: DbOrTx, endpoint: WebhookEndpoint, actor: OrgContext | { system: string }) {
  if (!endpoint.enabled) throw new DomainError("conflict", "This endpoint is disabled; register webhooks again instead.");
  const target = await endpointTarget(database, endpoint);
  const adapter = getAdapter(endpoint.provider);
  const material = await adapter.rotateWebhookSecret(target, { providerEndpointId: endpoint.providerEndpointId });
  const now = new Date();
  const retiresAt = new Date(now.getTime() + env.BEACON_SECRET_OVERLAP_HOURS * 3_600_000);
  let result;
  try {
    result = await applyRotation(database, endpoint, { material, url: target.url, retiresAt, now }, actor);
  } catch (error) {
    // Nothing was saved: remove what the provider just created, or it would deliver (Stripe) or
    // linger (Conekta's key) with no secret Beacon knows.
    await adapter
      .retireWebhookSecret(target, { providerEndpointId: endpoint.providerEndpointId, providerKeyId: material.providerKeyId })
      .catch((cleanup: unknown) => logger.warn({ err: cleanup, endpointId: endpoint.id }, "could not remove the material of a failed rotation"));
    throw error;
  }
  await sweepWebhookSecrets(database, now, { endpointId: endpoint.id });
  return result;
}

function applyRotation(
  database: DbOrTx,
  endpoint: WebhookEndpoint,
  { material, url, retiresAt, now }: { material: WebhookMaterial; url: string; retiresAt: Date; now: Date },
  actor: OrgContext | { system: string },
) {
  return database.transaction(async (tx) => {
    // The earlier rotation's secret stops verifying now; the sweep below removes it at the provider.
    await tx
      .update(webhookSecrets)
      .set({ retiresAt: now })
      .where(and(eq(webhookSecrets.endpointId, endpoint.id), eq(webhookSecrets.status, "retiring")));
    await activateSecret(tx, endpoint, material, retiresAt);
    // A platform rotation registers a new endpoint at today's public URL, which may have moved;
    // a per-connection rotation only adds a key, its webhook keeps its URL.
    if (traitsOf(endpoint.provider).webhooks === "platform") await tx.update(webhookEndpoints).set({ url }).where(eq(webhookEndpoints.id, endpoint.id));
    for (const ctx of await auditContexts(tx, endpoint, actor)) {
      await recordAudit(tx, ctx, {
        action: "webhook_secret.rotated",
        targetType: "webhook_endpoint",
        targetId: endpoint.id,
        metadata: { provider: endpoint.provider, kind: endpoint.kind, mode: endpoint.mode, previousSecretRetiresAt: retiresAt.toISOString() },
      });
    }
    return { endpointId: endpoint.id, retiresAt: retiresAt.toISOString() };
  });
}

/**
 * The dashboard's "Rotate secret": an organization's admins, for an endpoint of that organization
 * (its Conekta webhook). Beacon's Stripe platform endpoints serve every organization, and anyone
 * can sign up and own one, so no tenant rotates them: operators do, with
 * `npm run beacon -- webhooks rotate`.
 */
export async function rotateWebhookSecret({ ctx, input }: { ctx: OrgContext; input: { endpointId: string } }) {
  requireRole(ctx, "admin");
  const endpoint = await findOrgEndpoint(db, ctx, input.endpointId);
  if (endpoint.organizationId !== ctx.organization.id) {
    throw new DomainError("forbidden", "This is Beacon's shared Stripe endpoint: Beacon's operators rotate its secret, not an organization.");
  }
  return rotateEndpointSecret(db, endpoint, ctx);
}

/**
 * A Stripe platform rotation concerns every organization connected to Stripe in that mode, so it
 * is recorded in each: under the member's name in their own organization, as Beacon elsewhere.
 */
async function auditContexts(tx: DbOrTx, endpoint: WebhookEndpoint, actor: OrgContext | { system: string }): Promise<OrgContext[]> {
  if (endpoint.organizationId !== null) {
    if ("organization" in actor) return [actor];
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, endpoint.organizationId));
    return [{ organization: org!, role: null, principal: { type: "system", name: actor.system } }];
  }
  const orgs = await tx
    .selectDistinct({ id: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(providerConnections)
    .innerJoin(organizations, eq(organizations.id, providerConnections.organizationId))
    .where(and(eq(providerConnections.provider, "stripe"), eq(providerConnections.mode, endpoint.mode)));
  const name = "system" in actor ? actor.system : "Beacon operator";
  return orgs.map((organization) =>
    "organization" in actor && actor.organization.id === organization.id
      ? actor
      : { organization, role: null, principal: { type: "system" as const, name } },
  );
}
