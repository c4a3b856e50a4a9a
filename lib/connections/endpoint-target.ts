import "server-only";
import { and, eq, isNull, ne, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerConnections, webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/context";
import type { WebhookTarget } from "@/lib/providers/connections-port";
import { conektaWebhookUrl, stripeWebhookUrl } from "./availability";
import { loadConnectionHandle } from "./load-connection";

/**
 * An endpoint as an adapter needs it: Conekta's carries its connection (the merchant's key);
 * Stripe's platform endpoints carry none, except that a Connect test needs the caller's account.
 */
export async function endpointTarget(db: DbOrTx, endpoint: WebhookEndpoint, stripeConnectionId?: string): Promise<WebhookTarget> {
  const { mode, kind } = endpoint;
  if (kind === "conekta") {
    const handle = await loadConnectionHandle(db, endpoint.connectionId!);
    return { mode, kind, url: conektaWebhookUrl(handle.connection.id), handle };
  }
  const handle = stripeConnectionId ? await loadConnectionHandle(db, stripeConnectionId) : null;
  return { mode, kind, url: stripeWebhookUrl(), handle };
}

/**
 * The endpoints an organization sees in a mode: its own Conekta endpoints, and Beacon's shared
 * Stripe Connect endpoint once it has a Stripe connection in that mode (it delivers its accounts'
 * events). Beacon's platform-events endpoint delivers nothing of any organization's, so no
 * organization sees, tests or rotates it.
 */
export async function listOrgEndpoints(db: DbOrTx, organizationId: string, mode: WebhookEndpoint["mode"]): Promise<WebhookEndpoint[]> {
  const [stripe] = await db
    .select({ id: providerConnections.id })
    .from(providerConnections)
    .where(and(eq(providerConnections.organizationId, organizationId), eq(providerConnections.provider, "stripe"), eq(providerConnections.mode, mode)));
  return db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.mode, mode),
        eq(webhookEndpoints.enabled, true),
        // `stripe listen` sessions are listed, added and removed on their own (lib/connections/forwarding).
        ne(webhookEndpoints.kind, "stripe_forwarding"),
        or(
          eq(webhookEndpoints.organizationId, organizationId),
          stripe
            ? and(
                isNull(webhookEndpoints.organizationId),
                eq(webhookEndpoints.provider, "stripe"),
                eq(webhookEndpoints.kind, "stripe_connect"),
                eq(webhookEndpoints.url, stripeWebhookUrl()),
              )
            : undefined,
        ),
      ),
    )
    .orderBy(webhookEndpoints.provider, webhookEndpoints.kind);
}

/** One endpoint the organization may see; anything else reads as not found. */
export async function findOrgEndpoint(db: DbOrTx, ctx: OrgContext, endpointId: string): Promise<WebhookEndpoint> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
  if (!row) throw new DomainError("not_found", "No such webhook endpoint.");
  const visible = await listOrgEndpoints(db, ctx.organization.id, row.mode);
  if (!visible.some((e) => e.id === row.id)) throw new DomainError("not_found", "No such webhook endpoint.");
  return row;
}
