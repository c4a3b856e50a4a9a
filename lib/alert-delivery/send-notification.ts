import "server-only";
import http from "node:http";
import https from "node:https";
import type { DbOrTx } from "@/db";
import type { AlertDestination } from "@/db/schema";
import { sendMail } from "@/lib/mail/mailer";
import { readSecret } from "@/lib/vault/vault";
import { guardedLookup, refuseWebhookUrl } from "./safe-url";
import { SIGNATURE_HEADER, signAlertBody } from "./signature";

const TIMEOUT_MS = 10_000;

export interface AlertPayload {
  type: "alert.firing" | "alert.test";
  /** The notification's id: the same on every retry, so a receiver can drop duplicates. */
  id: string;
  organization: { slug: string; name: string };
  mode: string;
  alert: { id: string; rule: string; severity: string; provider: string | null; params: unknown; url: string; summary: string };
  createdAt: string;
}

/** POSTs the body, signed; resolves with the status, rejects on a refused address, timeout or network failure. */
function post(url: string, body: string, signature: string): Promise<number> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: "POST",
        lookup: guardedLookup as never,
        timeout: TIMEOUT_MS,
        headers: { "content-type": "application/json", "user-agent": "Beacon-Alerts/1", [SIGNATURE_HEADER]: signature, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000}s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * One delivery attempt of one notification. Throws with a reason the notification keeps when the
 * destination did not take it (a non-2xx answer, a refused address, no mailer configured).
 */
export async function sendNotification(db: DbOrTx, destination: AlertDestination, payload: AlertPayload): Promise<void> {
  if (destination.kind === "webhook") {
    const refused = refuseWebhookUrl(destination.target);
    if (refused) throw new Error(refused);
    const secret = await readSecret(db, destination.secretId!);
    const body = JSON.stringify(payload);
    const status = await post(destination.target, body, signAlertBody(secret, body));
    if (status < 200 || status >= 300) throw new Error(`the webhook answered ${status}`);
    return;
  }
  const subject = `[Beacon ${payload.alert.severity}] ${payload.organization.name}: ${payload.alert.summary}`;
  const text = `${payload.alert.summary}\n\nMode: ${payload.mode}\nRule: ${payload.alert.rule}\nSee: ${payload.alert.url}\n\nNotification ${payload.id}`;
  const sent = await sendMail({ to: destination.target, subject, text, html: `<p>${escapeHtml(payload.alert.summary)}</p><p>Mode: ${payload.mode}<br>Rule: <code>${payload.alert.rule}</code></p><p><a href="${escapeHtml(payload.alert.url)}">Open in Beacon</a></p>` });
  if (sent === null) throw new Error("no mailer is configured (SMTP_URL)");
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
