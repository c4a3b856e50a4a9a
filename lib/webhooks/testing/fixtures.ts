import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { providerConnections, webhookEndpoints, webhookEvents, webhookSecrets, type Provider } from "@/db/schema";
import { stripeClient } from "@/lib/providers/clients";
import { createOwner } from "@/lib/testing/factories";
import { storeSecret } from "@/lib/vault/vault";
import { createIngestor, type IngestResponse } from "../ingest/ingest-delivery";
import { invalidateVerificationTargets } from "../ingest/verification-cache";
import { stripeSignature } from "./stripe-signature";

export { stripeSignature };

// Shared by the webhook tests: an organization with a connection at each provider, endpoints
// with secrets in the vault, and signed deliveries through the real ingestion core.

export const ingestor = createIngestor(db);

export async function addEndpoint(input: { provider: Provider; organizationId: string | null; connectionId: string | null; secret: string; status?: "active" | "retiring" }) {
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({
      organizationId: input.organizationId,
      connectionId: input.connectionId,
      provider: input.provider,
      mode: "test",
      kind: input.provider === "stripe" ? "stripe_connect" : "conekta",
      providerEndpointId: `we_${randomBytes(6).toString("hex")}`,
      url: "http://beacon.test/hook",
    })
    .returning();
  await addSecret(endpoint!.id, input.secret, input.status);
  return endpoint!;
}

export async function addSecret(endpointId: string, value: string, status: "active" | "retiring" = "active") {
  const secretId = await storeSecret(db, { organizationId: null, purpose: "test_webhook_secret", value });
  const retiresAt = status === "retiring" ? new Date(Date.now() + 3_600_000) : null;
  const [row] = await db.insert(webhookSecrets).values({ endpointId, secretId, status, retiresAt }).returning();
  invalidateVerificationTargets();
  return row!;
}

/** An owner with an enabled Stripe connection on a fresh sandbox connected account, and its endpoint. */
export async function stripeSetup(label = "hooks") {
  const owner = await createOwner(label);
  const account = await stripeClient("test").accounts.create({ type: "standard" });
  const [connection] = await db
    .insert(providerConnections)
    .values({ organizationId: owner.organization.id, provider: "stripe", mode: "test", status: "enabled", accountId: account.id })
    .returning();
  const secret = `whsec_${randomBytes(16).toString("hex")}`;
  const endpoint = await addEndpoint({ provider: "stripe", organizationId: null, connectionId: null, secret });
  return { owner, account, connection: connection!, secret, endpoint };
}

/**
 * An owner with a Conekta connection and a webhook key pair (Beacon holds the public half). The
 * private key `key_sandbox_…` opens a fresh account in the sandbox.
 */
export async function conektaSetup(label = "conekta-hooks") {
  const owner = await createOwner(label);
  const privateKey = `key_sandbox_${randomBytes(8).toString("hex")}`;
  const credentialSecretId = await storeSecret(db, { organizationId: owner.organization.id, purpose: "conekta_private_key", value: privateKey });
  const [connection] = await db
    .insert(providerConnections)
    .values({ organizationId: owner.organization.id, provider: "conekta", mode: "test", status: "enabled", accountId: `company_${randomBytes(4).toString("hex")}`, credentialSecretId })
    .returning();
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicKey = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
  const endpoint = await addEndpoint({ provider: "conekta", organizationId: owner.organization.id, connectionId: connection!.id, secret: publicKey });
  const digest = (body: string) => sign("sha256", Buffer.from(body, "utf8"), keys.privateKey).toString("base64");
  return { owner, connection: connection!, endpoint, digest, privateKey };
}

let sequence = 0;
export const eventId = (prefix = "evt_test_") => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}${randomBytes(3).toString("hex")}`;

export function stripeEventBody(input: { id?: string; type: string; account: string; created: number; object: Record<string, unknown> }) {
  return JSON.stringify({
    id: input.id ?? eventId(),
    object: "event",
    api_version: "2026-10-28.endive",
    account: input.account,
    created: input.created,
    livemode: false,
    type: input.type,
    data: { object: input.object },
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  });
}

/** A body as the core receives it: a stream of bytes, like node's request. */
/** A Stripe subscription as its events carry it (no items), `extra` overriding any field. */
export const stripeSubscription = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  object: "subscription",
  customer: "cus_test_1",
  status,
  cancel_at_period_end: false,
  canceled_at: null,
  trial_end: null,
  items: { object: "list", data: [] },
  ...extra,
});

/** Signs and delivers a Stripe event of the setup's account; its id, once ingestion accepted it. */
export async function deliverStripeEvent(setup: { account: { id: string }; secret: string }, type: string, created: number, object: Record<string, unknown>) {
  const id = eventId();
  const res = await deliverStripe(stripeEventBody({ id, type, account: setup.account.id, created, object }), setup.secret);
  if (res.status !== 200) throw new Error(`delivery of ${type} answered ${res.status}`);
  return id;
}

export const bodyStream = (body: string) => Readable.from([Buffer.from(body)]);

export function deliverStripe(body: string, secret: string | string[] | null, timestamp = Math.floor(Date.now() / 1000)): Promise<IngestResponse> {
  const secrets = secret === null ? [] : Array.isArray(secret) ? secret : [secret];
  const header = secrets.length ? stripeSignature(body, secrets, timestamp) : null;
  return ingestor.ingest({
    provider: "stripe",
    connectionId: null,
    body: bodyStream(body),
    contentLength: Buffer.byteLength(body),
    header: (name) => (name === "stripe-signature" ? header : null),
    path: "/api/webhooks/stripe",
  });
}

export function deliverConekta(connectionId: string, body: string, digest: string | null): Promise<IngestResponse> {
  return ingestor.ingest({
    provider: "conekta",
    connectionId,
    body: bodyStream(body),
    contentLength: Buffer.byteLength(body),
    header: (name) => (name === "digest" ? digest : null),
    path: `/api/webhooks/conekta/${connectionId}`,
  });
}

export async function storedEvent(providerEventId: string) {
  const [row] = await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, providerEventId));
  return row;
}
