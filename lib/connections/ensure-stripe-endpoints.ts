import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, type Mode, type WebhookEndpoint } from "@/db/schema";
import { getAdapter } from "@/lib/providers";
import { assertProviderAvailable, stripeWebhookUrl } from "./availability";
import { insertEndpoint } from "./webhook-secrets";

const kinds = ["stripe_platform", "stripe_connect"] as const;

/**
 * Beacon's two Stripe endpoints of a mode (platform events, and `connect: true` for connected
 * accounts), registered once for every organization: idempotent, and serialized by an advisory
 * lock so two organizations connecting at once do not register twice.
 */
export async function ensureStripeEndpoints(db: DbOrTx, mode: Mode): Promise<WebhookEndpoint[]> {
  assertProviderAvailable("stripe", mode);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`beacon:stripe-endpoints:${mode}`}))`);
    const existing = await tx
      .select()
      .from(webhookEndpoints)
      .where(
        and(
          eq(webhookEndpoints.provider, "stripe"),
          eq(webhookEndpoints.mode, mode),
          eq(webhookEndpoints.enabled, true),
          isNull(webhookEndpoints.organizationId),
          // Only endpoints at the URL Beacon serves now: after BEACON_PUBLIC_URL changes, the
          // next call registers fresh ones there (the old ones keep verifying until disabled).
          eq(webhookEndpoints.url, stripeWebhookUrl()),
        ),
      );
    const endpoints: WebhookEndpoint[] = [];
    for (const kind of kinds) {
      const found = existing.find((e) => e.kind === kind);
      if (found) {
        endpoints.push(found);
        continue;
      }
      const target = { mode, kind, url: stripeWebhookUrl(), handle: null };
      const material = await getAdapter("stripe").registerWebhook(target);
      endpoints.push(
        await insertEndpoint(tx, { organizationId: null, connectionId: null, provider: "stripe", mode, kind, url: target.url }, material),
      );
    }
    return endpoints;
  });
}
