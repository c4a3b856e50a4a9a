import "server-only";
import { db } from "@/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { traitsOf } from "@/lib/providers/traits";
import { assertProviderAvailable } from "./availability";
import { ensureConektaEndpoint } from "./ensure-conekta-endpoint";
import { ensureStripeEndpoints } from "./ensure-stripe-endpoints";
import { findOrgConnection, loadConnectionHandle } from "./load-connection";

/**
 * "Register webhooks" for a connection: idempotent, so it also repairs a connection whose
 * registration failed earlier. Stripe's endpoints are Beacon's platform endpoints of the mode;
 * Conekta's is a webhook and a key on the merchant's account.
 */
export async function registerWebhooks({ ctx, input }: { ctx: OrgContext; input: { connectionId: string } }) {
  requireRole(ctx, "admin");
  const connection = await findOrgConnection(db, ctx.organization.id, input.connectionId);
  assertProviderAvailable(connection.provider, connection.mode);
  const endpoints =
    traitsOf(connection.provider).webhooks === "platform"
      ? await ensureStripeEndpoints(db, connection.mode)
      : [await ensureConektaEndpoint(db, await loadConnectionHandle(db, connection.id))];
  await recordAudit(db, ctx, {
    action: "webhook.registered",
    targetType: "provider_connection",
    targetId: connection.id,
    metadata: { provider: connection.provider, mode: connection.mode, endpoints: endpoints.map((e) => e.id) },
  });
  return { endpoints: endpoints.map((e) => ({ id: e.id, kind: e.kind, url: e.url })) };
}
