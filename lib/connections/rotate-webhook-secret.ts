import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import type { DbOrTx } from "@/db/client";
import { organizations, providerConnections, webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { env } from "@/lib/env";
import { getAdapter } from "@/lib/providers";
import { endpointTarget, findOrgEndpoint } from "./endpoint-target";
import { activateSecret } from "./webhook-secrets";

/**
 * Gives an endpoint a new verification secret. The old one turns `retiring` and still verifies
 * for BEACON_SECRET_OVERLAP_HOURS (deliveries already signed with it, or still being signed with
 * it, are accepted), then the sweep retires it.
 */
export async function rotateEndpointSecret(database: DbOrTx, endpoint: WebhookEndpoint, actor: OrgContext | { system: string }) {
  if (!endpoint.enabled) throw new ApiError("conflict", "This endpoint is disabled; register webhooks again instead.");
  const target = await endpointTarget(database, endpoint);
  const material = await getAdapter(endpoint.provider).rotateWebhookSecret(target, { providerEndpointId: endpoint.providerEndpointId });
  const retiresAt = new Date(Date.now() + env.BEACON_SECRET_OVERLAP_HOURS * 3_600_000);
  return database.transaction(async (tx) => {
    await activateSecret(tx, endpoint, material, retiresAt);
    // Stripe's new endpoint is registered at today's public URL, which may have moved; a Conekta
    // rotation only adds a key, its webhook keeps its URL.
    if (endpoint.provider === "stripe") await tx.update(webhookEndpoints).set({ url: target.url }).where(eq(webhookEndpoints.id, endpoint.id));
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

/** The dashboard's "Rotate secret": admins for their Conekta endpoint, owners for Beacon's Stripe platform endpoints. */
export async function rotateWebhookSecret({ ctx, input }: { ctx: OrgContext; input: { endpointId: string } }) {
  requireRole(ctx, "admin");
  const endpoint = await findOrgEndpoint(db, ctx, input.endpointId);
  if (endpoint.organizationId === null) requireRole(ctx, "owner");
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
