import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db, type Db } from "@/db";
import { storeSecret } from "@/lib/vault/vault";
import { providerConnections, webhookEndpoints, webhookEvents, webhookRejections, webhookSecrets } from "@/db/schema";
import { addSecret, bodyStream, conektaSetup, deliverConekta, deliverStripe, eventId, stripeEventBody, stripeSetup, stripeSignature, storedEvent } from "../testing/fixtures";
import { flushDeliveryStats } from "./delivery-stats";
import { createIngestor } from "./ingest-delivery";
import { MAX_BODY_BYTES } from "./read-body";
import { shouldRefresh } from "./verification-cache";

const now = () => Math.floor(Date.now() / 1000);
const subscriptionObject = (id = "sub_1", customer = "cus_1") => ({ id, object: "subscription", customer, status: "active" });

// Other test files write rejections into the same database at the same time: a rejection is
// found by its body's hash, never as "the newest row".
async function lastRejection(body: string | Buffer) {
  const sha = createHash("sha256").update(body).digest("hex");
  const [row] = await db.select().from(webhookRejections).where(eq(webhookRejections.bodySha256, sha)).orderBy(desc(webhookRejections.id)).limit(1);
  return row!;
}

describe("Stripe deliveries", () => {
  test("a verified event is stored for its connection's organization, with correlation ids, then 200", async () => {
    const { account, connection, secret, owner } = await stripeSetup();
    const id = eventId();
    const body = stripeEventBody({ id, type: "customer.subscription.updated", account: account.id, created: now(), object: subscriptionObject() });
    const res = await deliverStripe(body, secret);
    expect(res.status).toBe(200);
    const row = await storedEvent(id);
    expect(res.headers).toEqual({ "content-type": "application/json" });
    expect(JSON.parse(res.body)).toEqual({ received: true, eventId: row!.id, duplicate: false });
    expect(row).toMatchObject({
      status: "pending",
      organizationId: owner.organization.id,
      connectionId: connection.id,
      account: account.id,
      rawBody: body,
      objectRefs: { object: "sub_1", subscription: "sub_1", customer: "cus_1" },
    });
  });

  test("a redelivery answers 200 and is counted, never stored twice", async () => {
    const { account, secret } = await stripeSetup();
    const id = eventId();
    const body = stripeEventBody({ id, type: "invoice.paid", account: account.id, created: now(), object: { id: "in_1", object: "invoice" } });
    const answers = await Promise.all([deliverStripe(body, secret), deliverStripe(body, secret), deliverStripe(body, secret)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const outcomes = answers.map((a) => JSON.parse(a.body) as { eventId: string; duplicate: boolean });
    expect(outcomes.map((o) => o.duplicate).sort()).toEqual([false, true, true]);
    const rows = await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, id));
    expect(rows).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.eventId))).toEqual(new Set([rows[0]!.id]));
    expect(rows[0]!.deliveries).toBe(3);
  });

  test("a wrong secret is 400 and recorded with reason and hash, never the payload, and for no organization", async () => {
    const { account } = await stripeSetup();
    const id = eventId();
    const body = stripeEventBody({ id, type: "invoice.paid", account: account.id, created: now(), object: { id: "in_2" } });
    const res = await deliverStripe(body, "whsec_not_the_right_one");
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(res.body)).toMatchObject({ code: "bad_request", reason: "bad_signature" });
    expect(await storedEvent(id)).toBeUndefined();
    const rejection = await lastRejection(body);
    // The body names the owner's account, but nothing verified it: anyone could have sent it.
    expect(rejection).toMatchObject({
      provider: "stripe",
      reason: "bad_signature",
      organizationId: null,
      bodySha256: createHash("sha256").update(body).digest("hex"),
    });
    expect(JSON.stringify(rejection)).not.toContain(id);
  });

  test("a signature older than 300 s is rejected with its skew; one less than 300 s ahead is not", async () => {
    const { account, secret } = await stripeSetup();
    const old = stripeEventBody({ type: "invoice.paid", account: account.id, created: now(), object: { id: "in_3" } });
    const res = await deliverStripe(old, secret, now() - 420);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ reason: "timestamp_out_of_tolerance" });
    const rejection = await lastRejection(old);
    expect(rejection.reason).toBe("timestamp_out_of_tolerance");
    expect(rejection.skewSeconds).toBeGreaterThanOrEqual(420);
    expect(rejection.skewSeconds).toBeLessThan(430);
    const ahead = stripeEventBody({ type: "invoice.paid", account: account.id, created: now(), object: { id: "in_4" } });
    expect((await deliverStripe(ahead, secret, now() + 120)).status).toBe(200);
  });

  test("a missing header and an unparseable verified body are rejected with their reasons", async () => {
    const { account, secret } = await stripeSetup();
    const body = stripeEventBody({ type: "invoice.paid", account: account.id, created: now(), object: { id: "in_5" } });
    expect(JSON.parse((await deliverStripe(body, null)).body)).toMatchObject({ reason: "missing_signature" });
    expect((await lastRejection(body)).reason).toBe("missing_signature");
    const notJson = `{not json ${randomBytes(4).toString("hex")}`;
    const res = await deliverStripe(notJson, secret);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ reason: "unparseable" });
    expect((await lastRejection(notJson)).reason).toBe("unparseable");
  });

  test("during a rotation the retiring and the new secret both verify, alone or together", async () => {
    const { account, endpoint, secret: oldSecret } = await stripeSetup();
    await db.update(webhookSecrets).set({ status: "retiring", retiresAt: new Date(Date.now() + 3_600_000) }).where(eq(webhookSecrets.endpointId, endpoint.id));
    const newSecret = "whsec_rotated_in_now";
    await addSecret(endpoint.id, newSecret);
    const body = (n: number) => stripeEventBody({ type: "invoice.paid", account: account.id, created: now(), object: { id: `in_r${n}` } });
    expect((await deliverStripe(body(1), oldSecret)).status).toBe(200);
    expect((await deliverStripe(body(2), newSecret)).status).toBe(200);
    expect((await deliverStripe(body(3), ["whsec_unrelated", newSecret, oldSecret])).status).toBe(200);
    await flushDeliveryStats();
    const secrets = await db.select().from(webhookSecrets).where(eq(webhookSecrets.endpointId, endpoint.id));
    expect(secrets.map((s) => s.verifiedCount).sort()).toEqual([1, 2]);
    const [updated] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(updated).toMatchObject({ lastVerification: "verified" });
    expect(updated!.lastDeliveryAt).toBeInstanceOf(Date);
  });

  test("a secret another bundle or process added a moment ago verifies its first delivery", async () => {
    // The App Router's rotation shares no module with the webhook route's cache: the e2e rotated
    // a Conekta key and tested it within a second, and the cached old key refused the new one.
    const { account, endpoint, secret } = await stripeSetup();
    const body = (n: number) => stripeEventBody({ type: "invoice.paid", account: account.id, created: now(), object: { id: `in_c${n}` } });
    expect((await deliverStripe(body(1), secret)).status).toBe(200); // the cache is fresh now
    const secretId = await storeSecret(db, { organizationId: null, purpose: "test_webhook_secret", value: "whsec_from_elsewhere" });
    await db.insert(webhookSecrets).values({ endpointId: endpoint.id, secretId });
    expect((await deliverStripe(body(2), "whsec_from_elsewhere")).status).toBe(200);
  });

  test("forged deliveries reload the secrets once a second, not once each", () => {
    const loadedAt = 1_000_000;
    expect(shouldRefresh({ loadedAt, refreshed: false }, loadedAt + 10)).toBe(true);
    expect(shouldRefresh({ loadedAt, refreshed: true }, loadedAt + 10)).toBe(false);
    expect(shouldRefresh({ loadedAt, refreshed: true }, loadedAt + 1_000)).toBe(true);
  });

  test("a body over 1 MiB is 413 and recorded", async () => {
    const huge = randomBytes(8).toString("hex") + "x".repeat(MAX_BODY_BYTES + 1);
    const res = await deliverStripe(huge, "whsec_any");
    expect(res.status).toBe(413);
    // A declared length over the limit is refused unread: the hash is of the empty prefix.
    const [row] = await db.select().from(webhookRejections).where(and(eq(webhookRejections.reason, "payload_too_large"), eq(webhookRejections.detail, `The body (${Buffer.byteLength(huge)} bytes) exceeds ${MAX_BODY_BYTES} bytes`)));
    expect(row).toBeDefined();
  });

  test("an account no connection claims is stored and ignored with the reason", async () => {
    const { secret } = await stripeSetup();
    const id = eventId();
    const res = await deliverStripe(stripeEventBody({ id, type: "invoice.paid", account: "acct_nobody", created: now(), object: { id: "in_6" } }), secret);
    expect(res.status).toBe(200);
    expect(await storedEvent(id)).toMatchObject({ status: "ignored", organizationId: null, decision: "ignored", decisionNote: expect.stringContaining("acct_nobody") });
  });

  test("an account connected a moment after its first event claims the next one at once", async () => {
    const { owner, connection, secret } = await stripeSetup();
    const account = `acct_${randomBytes(8).toString("hex")}`;
    const early = eventId();
    await deliverStripe(stripeEventBody({ id: early, type: "account.updated", account, created: now(), object: { id: account } }), secret);
    expect(await storedEvent(early)).toMatchObject({ status: "ignored", organizationId: null });
    // The connection's new account is saved after Stripe already sent the account's first event.
    await db.update(providerConnections).set({ accountId: account }).where(eq(providerConnections.id, connection.id));
    const next = eventId();
    await deliverStripe(stripeEventBody({ id: next, type: "invoice.paid", account, created: now(), object: { id: "in_next" } }), secret);
    expect(await storedEvent(next)).toMatchObject({ status: "pending", organizationId: owner.organization.id, connectionId: connection.id });
  });

  test("a storage failure is 503 so the provider retries", async () => {
    const { account, secret } = await stripeSetup();
    // The inbox statement fails (disk full, failover): everything before it works.
    const failingClient = new Proxy(db.$client, {
      get: (client, prop, receiver) => (prop === "unsafe" ? () => Promise.reject(new Error("disk full")) : Reflect.get(client, prop, receiver)),
    });
    const failing = new Proxy(db, { get: (target, prop, receiver) => (prop === "$client" ? failingClient : Reflect.get(target, prop, receiver)) }) as Db;
    const body = stripeEventBody({ type: "invoice.paid", account: account.id, created: now(), object: { id: "in_7" } });
    const res = await createIngestor(failing).ingest({
      provider: "stripe",
      connectionId: null,
      body: bodyStream(body),
      contentLength: null,
      header: (name) => (name === "stripe-signature" ? stripeSignature(body, [secret]) : null),
      path: "/api/webhooks/stripe",
    });
    expect(res.status).toBe(503);
  });
});

describe("Conekta deliveries", () => {
  const conektaEvent = (id: string) => JSON.stringify({ id, object: "event", type: "order.paid", created_at: now(), livemode: false, data: { object: { id: "ord_1", object: "order" } } });

  test("a valid DIGEST (base64 or hex) is stored under the connection", async () => {
    const { connection, digest, owner } = await conektaSetup();
    const id = eventId("");
    const res = await deliverConekta(connection.id, conektaEvent(id), digest(conektaEvent(id)));
    expect(res.status).toBe(200);
    expect(await storedEvent(id)).toMatchObject({ provider: "conekta", account: connection.id, organizationId: owner.organization.id, connectionId: connection.id });
    const hexId = eventId("");
    const hex = Buffer.from(digest(conektaEvent(hexId)), "base64").toString("hex");
    expect((await deliverConekta(connection.id, conektaEvent(hexId), hex)).status).toBe(200);
  });

  test("a bad DIGEST is 400 and recorded against the connection's endpoint; an unknown connection is 404", async () => {
    const { connection, digest, endpoint, owner } = await conektaSetup();
    const forged = conektaEvent(eventId(""));
    const res = await deliverConekta(connection.id, forged, digest("another body"));
    expect(res.status).toBe(400);
    // The URL is the organization's own endpoint: that, not the body, attributes the rejection.
    expect(await lastRejection(forged)).toMatchObject({ reason: "bad_signature", endpointId: endpoint.id, organizationId: owner.organization.id });
    const unsigned = conektaEvent(eventId(""));
    expect((await deliverConekta(connection.id, unsigned, null)).status).toBe(400);
    expect((await lastRejection(unsigned)).reason).toBe("missing_signature");
    const stray = conektaEvent(eventId(""));
    const unknown = await deliverConekta("00000000-0000-4000-8000-000000000000", stray, "x");
    expect(unknown.status).toBe(404);
    expect(await lastRejection(stray)).toMatchObject({ reason: "unknown_endpoint", organizationId: null });
  });
});
