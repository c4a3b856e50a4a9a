import "server-only";
import { and, eq, inArray, isNull, lte, notInArray } from "drizzle-orm";
import type { Db } from "@/db";
import { alertDestinations, alertNotifications, organizations, type AlertDestination } from "@/db/schema";
import { listAlerts } from "@/lib/observability/alerts/list-alerts";
import { logger } from "@/lib/utils/logger";
import { retryDelayMs, type RetryPolicy } from "@/lib/webhooks/worker/backoff";
import { alertPayload, type AlertPayloadInput } from "./payload";
import { sendNotification, type AlertPayload } from "./send-notification";

/** Alert deliveries retry with backoff (1 min doubling, ±20%, at most 30 min), then give up as `failed`. */
export const alertRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 60_000, maxDelayMs: 30 * 60_000 };

const modes = ["test", "live"] as const;

/**
 * The alert-delivery job (every minute, under its advisory lock; `beacon alerts deliver` runs it
 * once): for every organization with a destination, evaluates its alerts in each mode; an alert
 * at or above a destination's severity that has no open notification there gets one (so a firing
 * alert is sent once, and again only after it cleared and came back); open ones whose alert
 * cleared are closed. Then every due notification is sent, and a failure retries with backoff.
 */
export async function dispatchAlerts(db: Db, options: { now?: Date; policy?: RetryPolicy } = {}) {
  const now = options.now ?? new Date();
  const policy = options.policy ?? alertRetryPolicy;
  const destinations = await db.select().from(alertDestinations);
  const byOrg = new Map<string, AlertDestination[]>();
  for (const d of destinations) byOrg.set(d.organizationId, [...(byOrg.get(d.organizationId) ?? []), d]);
  let opened = 0;
  for (const [organizationId, list] of byOrg) {
    const [organization] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
    if (!organization) continue;
    const ctx = { organization, role: "viewer" as const, principal: { type: "system" as const, name: "alert delivery" } };
    for (const mode of modes) {
      const { alerts } = await listAlerts({ ctx, mode, now });
      for (const destination of list) {
        const wanted = alerts.filter((a) => destination.minSeverity === "warning" || a.severity === "critical");
        if (wanted.length > 0) {
          const inserted = await db
            .insert(alertNotifications)
            .values(wanted.map((a) => ({ destinationId: destination.id, organizationId, mode, alertId: a.id, payload: a as unknown as Record<string, unknown>, nextAttemptAt: now })))
            .onConflictDoNothing()
            .returning({ id: alertNotifications.id });
          opened += inserted.length;
        }
        await db
          .update(alertNotifications)
          .set({ resolvedAt: now })
          .where(
            and(
              eq(alertNotifications.destinationId, destination.id),
              eq(alertNotifications.mode, mode),
              isNull(alertNotifications.resolvedAt),
              wanted.length ? notInArray(alertNotifications.alertId, wanted.map((a) => a.id)) : undefined,
            ),
          );
      }
    }
  }
  const sent = await deliverDue(db, now, policy, destinations);
  return { opened, ...sent };
}

/** Sends every pending notification whose time has come, once each. */
async function deliverDue(db: Db, now: Date, policy: RetryPolicy, destinations: AlertDestination[]) {
  const due = await db
    .select()
    .from(alertNotifications)
    .where(and(eq(alertNotifications.status, "pending"), lte(alertNotifications.nextAttemptAt, now), inArray(alertNotifications.destinationId, destinations.length ? destinations.map((d) => d.id) : ["00000000-0000-0000-0000-000000000000"])));
  let delivered = 0;
  let failed = 0;
  for (const n of due) {
    const destination = destinations.find((d) => d.id === n.destinationId)!;
    const [organization] = await db.select().from(organizations).where(eq(organizations.id, n.organizationId));
    const payload: AlertPayload = alertPayload(organization!, n.mode, n.id, "alert.firing", n.payload as unknown as AlertPayloadInput);
    const attempts = n.attempts + 1;
    try {
      await sendNotification(db, destination, payload);
      await db.update(alertNotifications).set({ status: "sent", attempts, sentAt: new Date(), lastError: null }).where(eq(alertNotifications.id, n.id));
      delivered += 1;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const gaveUp = attempts >= policy.maxAttempts;
      await db
        .update(alertNotifications)
        .set({ status: gaveUp ? "failed" : "pending", attempts, lastError: message, nextAttemptAt: new Date(now.getTime() + retryDelayMs(policy, attempts)) })
        .where(eq(alertNotifications.id, n.id));
      failed += 1;
      logger.warn({ notificationId: n.id, destinationId: destination.id, attempts, gaveUp, error: message }, "alert delivery failed");
    }
  }
  return { delivered, failed };
}
