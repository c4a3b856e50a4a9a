import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@/db";
import { auditLog, webhookEndpoints, webhookEvents, webhookRejections } from "@/db/schema";
import { createMember } from "@/lib/testing/factories";
import { bodyStream, eventId, ingestor, stripeEventBody, stripeSetup, stripeSignature } from "@/lib/webhooks/testing/fixtures";
import { drainEvents } from "@/lib/webhooks/worker/run-worker";
import { addForwardingEndpoint } from "./add-forwarding-endpoint";
import { listForwardingEndpoints } from "./list-forwarding-endpoints";
import { removeForwardingEndpoint } from "./remove-forwarding-endpoint";

// A developer on a real Stripe test account runs `stripe listen`, which prints a whsec_ and signs
// what it forwards with it. Registered here, that secret verifies deliveries to its own URL only,
// and they land in the registering organization. The events are signed by hand with Stripe's helper.

const whsec = () => `whsec_${randomBytes(24).toString("base64url")}`;
const now = () => Math.floor(Date.now() / 1000);

function forward(endpointId: string, body: string, secret: string | null) {
  const header = secret ? stripeSignature(body, [secret]) : null;
  return ingestor.ingest({
    provider: "stripe",
    connectionId: null,
    forwardingEndpointId: endpointId,
    body: bodyStream(body),
    contentLength: Buffer.byteLength(body),
    header: (name) => (name === "stripe-signature" ? header : null),
    path: `/api/webhooks/stripe/forward/${endpointId}`,
  });
}

const rejectionsOf = (endpointId: string) => db.select().from(webhookRejections).where(eq(webhookRejections.endpointId, endpointId));

describe("stripe listen forwarding", () => {
  test("a hand-signed event posted to the forwarding URL verifies, lands in the organization and is processed", async () => {
    const { owner, account, connection } = await stripeSetup("forward");
    const secret = whsec();
    const endpoint = await addForwardingEndpoint({ ctx: owner, input: { mode: "test", secret } });
    expect(endpoint.url).toMatch(new RegExp(`/api/webhooks/stripe/forward/${endpoint.id}$`));
    expect(endpoint.command).toBe(`stripe listen --forward-to ${endpoint.url}`);
    expect(endpoint.secretHint).toBe(`whsec_…${secret.slice(-4)}`);
    expect(JSON.stringify(await listForwardingEndpoints({ ctx: owner, input: { mode: "test" } }))).not.toContain(secret);

    // --forward-connect-to: a Connect event of the organization's own account.
    const connect = stripeEventBody({ type: "account.updated", account: account.id, created: now(), object: { id: account.id, object: "account" } });
    // --forward-to: a platform event (no account) is attributed to the organization's test connection.
    const platform = stripeEventBody({ type: "account.updated", account: "", created: now(), object: { id: account.id, object: "account" } });
    for (const body of [connect, platform]) {
      const res = await forward(endpoint.id, body, secret);
      expect(res.status, res.body).toBe(200);
      const [row] = await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, JSON.parse(body).id));
      expect(row).toMatchObject({ organizationId: owner.organization.id, connectionId: connection.id, endpointId: endpoint.id, mode: "test", status: "pending" });
    }
    const outcomes = await drainEvents({ db, concurrency: 2, organizationId: owner.organization.id });
    expect(outcomes.filter((o) => o !== "processed")).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(2);

    // The same secret does not verify on Beacon's shared route.
    const shared = await ingestor.ingest({
      provider: "stripe",
      connectionId: null,
      body: bodyStream(connect),
      contentLength: Buffer.byteLength(connect),
      header: (name) => (name === "stripe-signature" ? stripeSignature(connect, [secret]) : null),
      path: "/api/webhooks/stripe",
    });
    expect(shared.status).toBe(400);
  });

  test("a wrong secret is refused with 400, stores nothing and is recorded for the endpoint's organization only", async () => {
    const { owner, account } = await stripeSetup("forward-forged");
    const endpoint = await addForwardingEndpoint({ ctx: owner, input: { mode: "test", secret: whsec() } });
    const body = stripeEventBody({ id: eventId(), type: "invoice.paid", account: account.id, created: now(), object: { id: "in_forged" } });
    for (const secret of [whsec(), null]) expect((await forward(endpoint.id, body, secret)).status).toBe(400);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, JSON.parse(body).id))).toEqual([]);
    const rejections = await rejectionsOf(endpoint.id);
    expect(rejections.map((r) => [r.organizationId, r.reason]).sort()).toEqual([
      [owner.organization.id, "bad_signature"],
      [owner.organization.id, "missing_signature"],
    ]);
    // An id that names no forwarding endpoint (or a malformed one) is a 404.
    expect((await forward(crypto.randomUUID(), body, whsec())).status).toBe(404);
    expect((await forward("not-a-uuid", body, whsec())).status).toBe(404);
  });

  test("an event about another organization's account is refused, and so is a live-mode event", async () => {
    const mine = await stripeSetup("forward-mine");
    const theirs = await stripeSetup("forward-theirs");
    const secret = whsec();
    const endpoint = await addForwardingEndpoint({ ctx: mine.owner, input: { mode: "test", secret } });
    const foreign = stripeEventBody({ type: "invoice.paid", account: theirs.account.id, created: now(), object: { id: "in_theirs" } });
    const res = await forward(endpoint.id, foreign, secret);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ reason: "foreign_account" });
    const live = JSON.stringify({ ...JSON.parse(stripeEventBody({ type: "invoice.paid", account: "", created: now(), object: { id: "in_live" } })), livemode: true });
    expect((await forward(endpoint.id, live, secret)).status).toBe(400);
    for (const body of [foreign, live]) expect(await db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, JSON.parse(body).id))).toEqual([]);
    expect((await rejectionsOf(endpoint.id)).every((r) => r.organizationId === mine.owner.organization.id && r.reason === "foreign_account")).toBe(true);
  });

  test("registration: admins only, test mode only, a whsec_ only, and another organization's endpoint cannot be removed", async () => {
    const { owner } = await stripeSetup("forward-admin");
    const other = await stripeSetup("forward-other");
    const viewer = await createMember(owner, "viewer");
    await expect(addForwardingEndpoint({ ctx: viewer, input: { mode: "test", secret: whsec() } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(addForwardingEndpoint({ ctx: owner, input: { mode: "live", secret: whsec() } })).rejects.toMatchObject({ code: "validation_failed" });
    const { addForwardingInput } = await import("@/lib/validations/connections");
    expect(addForwardingInput.safeParse({ secret: "sk_test_123456789012345678" }).success).toBe(false);
    expect(addForwardingInput.safeParse({ secret: "whsec_short" }).success).toBe(false);
    expect(addForwardingInput.safeParse({ secret: ` ${whsec()} ` }).success).toBe(true);

    const endpoint = await addForwardingEndpoint({ ctx: owner, input: { mode: "test", secret: whsec() } });
    await expect(removeForwardingEndpoint({ ctx: other.owner, input: { endpointId: endpoint.id } })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeForwardingEndpoint({ ctx: viewer, input: { endpointId: endpoint.id } })).rejects.toMatchObject({ code: "forbidden" });
    await removeForwardingEndpoint({ ctx: owner, input: { endpointId: endpoint.id } });
    expect(await listForwardingEndpoints({ ctx: owner, input: { mode: "test" } })).toEqual([]);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row!.enabled).toBe(false);
    const actions = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.organizationId, owner.organization.id), eq(auditLog.targetId, endpoint.id)));
    expect(actions.map((a) => a.action).sort()).toEqual(["webhook_forwarding.added", "webhook_forwarding.removed"]);
    // A removed endpoint's URL names nothing any more.
    const body = stripeEventBody({ type: "invoice.paid", account: "", created: now(), object: { id: "in_after" } });
    expect((await forward(endpoint.id, body, whsec())).status).toBe(404);
  });
});
