import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { providerConnections } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { DomainError } from "@/lib/errors";
import type { AddForwardingInput } from "@/lib/validations/connections";
import { forwardingScope, invalidateVerificationTargets } from "@/lib/webhooks/ingest/verification-cache";
import { stripeForwardingUrl } from "../availability";
import { insertEndpoint } from "../webhook-secrets";
import { findForwardingEndpoints } from "./list-forwarding-endpoints";
import { serializeForwarding } from "./serialize-forwarding";

/** A developer runs one or two `stripe listen` sessions; more is a mistake or abuse. */
export const MAX_FORWARDING_ENDPOINTS = 10;

/**
 * Registers the `whsec_` a developer's `stripe listen` printed as a forwarding endpoint of this
 * organization: deliveries to its own URL verify with that secret alone and land in this
 * organization's test Stripe connection. Stripe is not called (the CLI's session exists only on
 * the developer's machine); the secret is sealed in the vault and never shown again.
 */
export async function addForwardingEndpoint({ ctx, input }: { ctx: OrgContext; input: AddForwardingInput }) {
  requireRole(ctx, "admin");
  if (input.mode !== "test") {
    throw new DomainError("validation_failed", "`stripe listen` forwarding is for test mode only.", { errors: [{ field: "mode", message: "Test mode only" }] });
  }
  const [connection] = await db
    .select()
    .from(providerConnections)
    .where(and(eq(providerConnections.organizationId, ctx.organization.id), eq(providerConnections.provider, "stripe"), eq(providerConnections.mode, "test")));
  if (!connection?.accountId || connection.status === "disconnected") {
    throw new DomainError("conflict", "Connect Stripe in test mode first: forwarded events land in that connection.");
  }
  const existing = await findForwardingEndpoints(db, ctx.organization.id, "test");
  if (existing.length >= MAX_FORWARDING_ENDPOINTS) {
    throw new DomainError("conflict", `This organization already has ${MAX_FORWARDING_ENDPOINTS} forwarding endpoints; remove one first.`);
  }
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    const endpoint = await insertEndpoint(
      tx,
      {
        id,
        organizationId: ctx.organization.id,
        connectionId: connection.id,
        provider: "stripe",
        mode: "test",
        kind: "stripe_forwarding",
        url: stripeForwardingUrl(id),
        secretHint: input.secret.slice(-4),
      },
      { providerEndpointId: "stripe_cli", providerKeyId: "stripe_cli", secret: input.secret },
    );
    await recordAudit(tx, ctx, {
      action: "webhook_forwarding.added",
      targetType: "webhook_endpoint",
      targetId: endpoint.id,
      metadata: { provider: "stripe", mode: "test", connectionId: connection.id, secretHint: endpoint.secretHint },
    });
    return endpoint;
  });
  invalidateVerificationTargets("stripe", forwardingScope(row.id));
  return serializeForwarding(row);
}
