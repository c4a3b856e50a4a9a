import "server-only";
import { and, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, webhookSecrets } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { getAdapter } from "@/lib/providers";
import { AccountGoneError } from "@/lib/providers/connections-port";
import { logger } from "@/lib/utils/logger";
import { endpointTarget } from "./endpoint-target";

/**
 * Retires every `retiring` secret whose overlap has ended: removes what it belonged to at the
 * provider (Stripe's old endpoint, Conekta's old webhook key), then marks it `retired`. A
 * provider that cannot be reached leaves it for the next sweep; it stopped verifying at
 * `retiresAt` either way. Safe to run from any number of processes.
 */
export async function sweepWebhookSecrets(db: DbOrTx, now = new Date(), only: { endpointId?: string } = {}): Promise<{ retired: number; deferred: number }> {
  const due = await db
    .select({ secret: webhookSecrets, endpoint: webhookEndpoints })
    .from(webhookSecrets)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookSecrets.endpointId))
    .where(and(eq(webhookSecrets.status, "retiring"), lte(webhookSecrets.retiresAt, now), only.endpointId ? eq(webhookSecrets.endpointId, only.endpointId) : undefined));
  let retired = 0;
  for (const { secret, endpoint } of due) {
    try {
      const target = await endpointTarget(db, endpoint);
      await getAdapter(endpoint.provider).retireWebhookSecret(target, { providerEndpointId: endpoint.providerEndpointId, providerKeyId: secret.providerKeyId });
    } catch (error) {
      // A disconnected account's material is out of Beacon's reach: nothing left to remove.
      if (!(error instanceof AccountGoneError)) {
        logger.warn({ secretId: secret.id, endpointId: endpoint.id, err: error instanceof DomainError ? error.message : error }, "webhook secret retirement deferred");
        continue;
      }
    }
    const [row] = await db
      .update(webhookSecrets)
      .set({ status: "retired" })
      .where(and(eq(webhookSecrets.id, secret.id), eq(webhookSecrets.status, "retiring")))
      .returning({ id: webhookSecrets.id });
    if (row) retired += 1;
  }
  return { retired, deferred: due.length - retired };
}
