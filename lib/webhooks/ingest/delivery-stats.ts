import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { webhookEndpoints, webhookSecrets } from "@/db/schema";
import { logger } from "@/lib/utils/logger";

// Endpoint health (last delivery, last verification result) and per-secret verification counts
// are bookkeeping, not events: accumulated in memory and written every few seconds, so the hot
// path does one write per delivery (the inbox), not three.
const FLUSH_MS = 2_000;

const endpoints = new Map<string, { at: Date; verification: string }>();
const secrets = new Map<string, number>();
let timer: NodeJS.Timeout | null = null;
let target: Db | null = null;

export function noteDelivery(db: Db, endpointId: string | null, verification: string, secretId: string | null, at: Date) {
  target = db;
  if (endpointId) endpoints.set(endpointId, { at, verification });
  if (secretId) secrets.set(secretId, (secrets.get(secretId) ?? 0) + 1);
  timer ??= setTimeout(() => void flushDeliveryStats(), FLUSH_MS).unref();
}

/** Writes what has accumulated; called by the timer and when a server or test shuts down. */
export async function flushDeliveryStats() {
  if (timer) clearTimeout(timer);
  timer = null;
  const db = target;
  if (!db || (endpoints.size === 0 && secrets.size === 0)) return;
  const endpointBatch = [...endpoints];
  const secretBatch = [...secrets];
  endpoints.clear();
  secrets.clear();
  try {
    for (const [id, { at, verification }] of endpointBatch) {
      await db.update(webhookEndpoints).set({ lastDeliveryAt: at, lastVerification: verification }).where(eq(webhookEndpoints.id, id));
    }
    for (const [id, count] of secretBatch) {
      await db
        .update(webhookSecrets)
        .set({ verifiedCount: sql`${webhookSecrets.verifiedCount} + ${count}` })
        .where(eq(webhookSecrets.id, id));
    }
  } catch (error) {
    logger.warn({ err: error }, "could not record webhook endpoint statistics");
  }
}
