import "server-only";
import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { alertDestinations, alertNotifications, type AlertDestination } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { DomainError } from "@/lib/errors";
import { iso } from "@/lib/utils/iso";
import type { CreateAlertDestinationInput } from "@/lib/validations/alert-destinations";
import { storeSecret } from "@/lib/vault/vault";
import { alertPayload } from "./payload";
import { refuseWebhookUrl } from "./safe-url";
import { sendNotification } from "./send-notification";

export const ALERT_SECRET_PURPOSE = "alert_webhook_secret";

/** What the dashboard sees of a destination: never the secret, only its last characters. */
function serialize(d: AlertDestination, last?: { status: string; lastError: string | null; createdAt: Date } | null) {
  return {
    id: d.id,
    kind: d.kind,
    target: d.target,
    minSeverity: d.minSeverity,
    secretHint: d.secretHint,
    createdAt: d.createdAt.toISOString(),
    lastDelivery: last ? { status: last.status, error: last.lastError, at: iso(last.createdAt) } : null,
  };
}

export async function listAlertDestinations({ ctx }: { ctx: OrgContext }) {
  requireRole(ctx, "admin");
  const rows = await db.select().from(alertDestinations).where(eq(alertDestinations.organizationId, ctx.organization.id)).orderBy(alertDestinations.createdAt);
  const items = await Promise.all(
    rows.map(async (d) => {
      const [last] = await db
        .select({ status: alertNotifications.status, lastError: alertNotifications.lastError, createdAt: alertNotifications.createdAt })
        .from(alertNotifications)
        .where(eq(alertNotifications.destinationId, d.id))
        .orderBy(desc(alertNotifications.createdAt))
        .limit(1);
      return serialize(d, last ?? null);
    }),
  );
  return { items };
}
export type ListAlertDestinationsResponse = Awaited<ReturnType<typeof listAlertDestinations>>;

/**
 * Adds a destination (admins; audited). A webhook gets a fresh signing secret, sealed in the
 * vault and shown in this answer only; its URL must pass the SSRF rules (refuseWebhookUrl).
 */
export async function createAlertDestination({ ctx, input }: { ctx: OrgContext; input: CreateAlertDestinationInput }) {
  requireRole(ctx, "admin");
  const target = input.kind === "webhook" ? input.url : input.email.toLowerCase();
  if (input.kind === "webhook") {
    const refused = refuseWebhookUrl(input.url);
    if (refused) throw new DomainError("validation_failed", refused, { errors: [{ field: "url", message: refused }] });
  }
  const secret = input.kind === "webhook" ? `bas_${randomBytes(24).toString("base64url")}` : null;
  const row = await db.transaction(async (tx) => {
    const secretId = secret ? await storeSecret(tx, { organizationId: ctx.organization.id, purpose: ALERT_SECRET_PURPOSE, value: secret }) : null;
    const [created] = await tx
      .insert(alertDestinations)
      .values({ organizationId: ctx.organization.id, kind: input.kind, target, secretId, secretHint: secret ? secret.slice(-4) : null, minSeverity: input.minSeverity })
      .returning();
    await recordAudit(tx, ctx, { action: "alert_destination.created", targetType: "alert_destination", targetId: created!.id, metadata: { kind: input.kind, target, minSeverity: input.minSeverity } });
    return created!;
  });
  return { ...serialize(row), secret };
}

async function ownDestination(ctx: OrgContext, id: string) {
  const [row] = await db.select().from(alertDestinations).where(and(eq(alertDestinations.id, id), eq(alertDestinations.organizationId, ctx.organization.id)));
  if (!row) throw new DomainError("not_found", "No such alert destination in this organization.");
  return row;
}

export async function deleteAlertDestination({ ctx, input }: { ctx: OrgContext; input: { id: string } }) {
  requireRole(ctx, "admin");
  const row = await ownDestination(ctx, input.id);
  await db.transaction(async (tx) => {
    await tx.delete(alertDestinations).where(eq(alertDestinations.id, row.id));
    await recordAudit(tx, ctx, { action: "alert_destination.deleted", targetType: "alert_destination", targetId: row.id, metadata: { kind: row.kind, target: row.target } });
  });
}

/**
 * "Send test" (admins; audited): one signed test alert now, the same path real alerts take, and
 * the outcome in the answer (no retries: the person who pressed the button is watching).
 */
export async function sendTestAlert({ ctx, input }: { ctx: OrgContext; input: { id: string } }) {
  requireRole(ctx, "admin");
  const destination = await ownDestination(ctx, input.id);
  const [notification] = await db
    .insert(alertNotifications)
    .values({ destinationId: destination.id, organizationId: ctx.organization.id, mode: "test", alertId: "test", payload: {}, resolvedAt: new Date() })
    .returning();
  const payload = alertPayload(ctx.organization, "test", notification!.id, "alert.test", {
    id: "test",
    rule: "test",
    severity: destination.minSeverity,
    provider: null,
    params: {},
    link: `/${ctx.organization.slug}/settings`,
  });
  const started = Date.now();
  let error: string | null = null;
  try {
    await sendNotification(db, destination, payload);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await db.transaction(async (tx) => {
    await tx
      .update(alertNotifications)
      .set({ payload: payload as never, status: error ? "failed" : "sent", attempts: 1, lastError: error, sentAt: error ? null : new Date() })
      .where(eq(alertNotifications.id, notification!.id));
    await recordAudit(tx, ctx, { action: "alert_destination.tested", targetType: "alert_destination", targetId: destination.id, metadata: { ok: error === null, error } });
  });
  return { ok: error === null, error, latencyMs: Date.now() - started, notificationId: notification!.id };
}
export type SendTestAlertResponse = Awaited<ReturnType<typeof sendTestAlert>>;
