import "server-only";
import { and, count, desc, gte, isNull, max } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { webhookRejections } from "@/db/schema";

// The operators' view of refused deliveries (`beacon webhooks rejections`): every organization's,
// and those that belong to none (nothing verified them, and they did not arrive at an
// organization's own endpoint), which no tenant ever sees.

export async function rejectionSummary(db: DbOrTx, { since, unattributedOnly }: { since: Date; unattributedOnly: boolean }) {
  const where = and(gte(webhookRejections.receivedAt, since), unattributedOnly ? isNull(webhookRejections.organizationId) : undefined);
  const [byReason, latest] = await Promise.all([
    db
      .select({ provider: webhookRejections.provider, reason: webhookRejections.reason, n: count(), last: max(webhookRejections.receivedAt) })
      .from(webhookRejections)
      .where(where)
      .groupBy(webhookRejections.provider, webhookRejections.reason)
      .orderBy(webhookRejections.provider, webhookRejections.reason),
    db.select().from(webhookRejections).where(where).orderBy(desc(webhookRejections.receivedAt)).limit(20),
  ]);
  return { byReason: byReason.map((r) => ({ ...r, n: Number(r.n) })), latest };
}
