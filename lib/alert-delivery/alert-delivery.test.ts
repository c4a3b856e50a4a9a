import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/db";
import { alertNotifications, auditLog, vaultSecrets, webhookEvents } from "@/db/schema";
import { env } from "@/lib/env";
import { setMailTransport } from "@/lib/mail/mailer";
import { createMember, createOwner } from "@/lib/testing/factories";
import { createAlertDestination, deleteAlertDestination, sendTestAlert } from "./destinations";
import { dispatchAlerts } from "./dispatch-alerts";
import { guardedLookup, refuseWebhookUrl } from "./safe-url";
import { SIGNATURE_HEADER, verifyAlertSignature } from "./signature";

// A local receiver standing in for a pager: records what it got, answers what `answers` says.
let server: Server;
let url = "";
const received: { body: string; signature: string | null }[] = [];
const answers: number[] = [];
beforeAll(async () => {
  env.alertPrivateHosts.push("127.0.0.1");
  server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, signature: req.headers[SIGNATURE_HEADER] as string | null });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  env.alertPrivateHosts.splice(env.alertPrivateHosts.indexOf("127.0.0.1"), 1);
  await new Promise((r) => server.close(r));
  setMailTransport(undefined);
});

async function deadEvent(organizationId: string) {
  const [row] = await db
    .insert(webhookEvents)
    .values({ provider: "stripe", mode: "test", account: "acct_alerts", providerEventId: `evt_alert_${Math.random().toString(36).slice(2)}`, type: "invoice.paid", organizationId, providerCreatedAt: new Date(), rawBody: "{}", status: "dead", attempts: 8 })
    .returning();
  return row!;
}

describe("alert webhook URLs (SSRF)", () => {
  test("private, loopback, link-local and internal hosts, plain http and credentials are refused", () => {
    for (const bad of ["http://example.com/x", "https://10.0.0.1/x", "https://127.0.0.2/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://[fd00::1]/x", "https://localhost/x", "https://db.internal/x", "https://user:pw@example.com/x", "not a url"]) {
      expect(refuseWebhookUrl(bad), bad).not.toBeNull();
    }
    expect(refuseWebhookUrl("https://pager.example.com/beacon")).toBeNull();
  });

  test("a name that resolves to a private address is refused when Beacon connects", async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => guardedLookup("localhost", {}, (e) => resolve(e)));
    expect(error).toMatchObject({ code: "EPRIVATE" });
  });
});

describe("alert destinations", () => {
  test("a webhook gets a signing secret sealed in the vault, shown once; Send test posts a signed payload a receiver can verify; each step is audited", async () => {
    const owner = await createOwner("alerts");
    const created = await createAlertDestination({ ctx: owner, input: { kind: "webhook", url, minSeverity: "critical" } });
    expect(created.secret).toMatch(/^bas_/);
    expect(created.secretHint).toBe(created.secret!.slice(-4));
    const sealed = await db.select().from(vaultSecrets).where(eq(vaultSecrets.purpose, "alert_webhook_secret"));
    expect(sealed.some((s) => s.ciphertext.includes(created.secret!))).toBe(false);

    received.length = 0;
    const result = await sendTestAlert({ ctx: owner, input: { id: created.id } });
    expect(result).toMatchObject({ ok: true, error: null });
    expect(received).toHaveLength(1);
    const { body, signature } = received[0]!;
    expect(verifyAlertSignature(created.secret!, body, signature)).toBe(true);
    expect(verifyAlertSignature(created.secret!, `${body} `, signature)).toBe(false);
    expect(verifyAlertSignature("bas_wrong", body, signature)).toBe(false);
    expect(JSON.parse(body)).toMatchObject({ type: "alert.test", id: result.notificationId, organization: { slug: owner.organization.slug }, alert: { rule: "test" } });

    answers.push(503);
    expect(await sendTestAlert({ ctx: owner, input: { id: created.id } })).toMatchObject({ ok: false, error: "the webhook answered 503" });
    const actions = (await db.select().from(auditLog).where(eq(auditLog.organizationId, owner.organization.id))).map((a) => a.action);
    expect(actions.filter((a) => a.startsWith("alert_destination."))).toEqual(["alert_destination.created", "alert_destination.tested", "alert_destination.tested"]);
  });

  test("viewers cannot add, test or delete destinations; refused URLs are a validation error; another organization's destination is not found", async () => {
    const owner = await createOwner("alerts-roles");
    const viewer = await createMember(owner, "viewer");
    await expect(createAlertDestination({ ctx: viewer, input: { kind: "email", email: "oncall@example.com", minSeverity: "critical" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createAlertDestination({ ctx: owner, input: { kind: "webhook", url: "https://169.254.169.254/", minSeverity: "critical" } })).rejects.toMatchObject({ code: "validation_failed" });
    const mine = await createAlertDestination({ ctx: owner, input: { kind: "email", email: "oncall@example.com", minSeverity: "critical" } });
    const other = await createOwner("alerts-other");
    await expect(sendTestAlert({ ctx: other, input: { id: mine.id } })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteAlertDestination({ ctx: other, input: { id: mine.id } })).rejects.toMatchObject({ code: "not_found" });
  });

  test("email destinations are sent through the configured mailer", async () => {
    const sent: string[] = [];
    const transport = nodemailer.createTransport({ jsonTransport: true });
    transport.on("token", () => undefined);
    setMailTransport(transport);
    const owner = await createOwner("alerts-mail");
    const destination = await createAlertDestination({ ctx: owner, input: { kind: "email", email: "OnCall@Example.com", minSeverity: "warning" } });
    expect(destination.target).toBe("oncall@example.com");
    const result = await sendTestAlert({ ctx: owner, input: { id: destination.id } });
    sent.push(JSON.stringify(result));
    expect(result).toMatchObject({ ok: true });
    setMailTransport(null);
    expect(await sendTestAlert({ ctx: owner, input: { id: destination.id } })).toMatchObject({ ok: false, error: "no mailer is configured (SMTP_URL)" });
  });
});

describe("dispatching firing alerts", () => {
  test("a firing alert is sent once, retried with backoff when the receiver fails, and sent again only after it cleared and came back", async () => {
    const owner = await createOwner("alerts-dispatch");
    const org = owner.organization.id;
    const destination = await createAlertDestination({ ctx: owner, input: { kind: "webhook", url, minSeverity: "critical" } });
    const event = await deadEvent(org);
    const mine = () => db.select().from(alertNotifications).where(and(eq(alertNotifications.destinationId, destination.id), eq(alertNotifications.alertId, "dead_events")));
    const t0 = new Date();

    received.length = 0;
    answers.push(500);
    await dispatchAlerts(db, { now: t0 });
    let [n] = await mine();
    expect(n).toMatchObject({ status: "pending", attempts: 1, lastError: "the webhook answered 500" });
    expect(n!.nextAttemptAt.getTime()).toBeGreaterThan(t0.getTime() + 40_000);
    // Not yet due: nothing is sent.
    await dispatchAlerts(db, { now: new Date(t0.getTime() + 1_000) });
    expect(received.filter((r) => r.body.includes(n!.id))).toHaveLength(1);
    await dispatchAlerts(db, { now: new Date(t0.getTime() + 5 * 60_000) });
    [n] = await mine();
    expect(n).toMatchObject({ status: "sent", attempts: 2 });
    const deliveries = received.filter((r) => r.body.includes(n!.id));
    expect(deliveries).toHaveLength(2);
    expect(JSON.parse(deliveries[1]!.body)).toMatchObject({ type: "alert.firing", id: n!.id, mode: "test", alert: { rule: "dead_events", severity: "critical", params: { count: 1 } } });
    expect(verifyAlertSignature(destination.secret!, deliveries[1]!.body, deliveries[1]!.signature)).toBe(true);

    // Still firing: not sent again.
    await dispatchAlerts(db, { now: new Date(t0.getTime() + 6 * 60_000) });
    expect(await mine()).toHaveLength(1);
    // Cleared, then back: a new notification.
    await db.update(webhookEvents).set({ status: "processed" }).where(eq(webhookEvents.id, event.id));
    await dispatchAlerts(db, { now: new Date(t0.getTime() + 7 * 60_000) });
    expect((await mine())[0]!.resolvedAt).not.toBeNull();
    await deadEvent(org);
    await dispatchAlerts(db, { now: new Date(t0.getTime() + 8 * 60_000) });
    const all = await mine();
    expect(all).toHaveLength(2);
    expect(all.filter((x) => x.status === "sent")).toHaveLength(2);
  });
});
