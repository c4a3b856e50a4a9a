import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { webhookEvents, webhookRejections } from "@/db/schema";
import { MAX_BODY_BYTES } from "@/lib/webhooks/ingest/read-body";
import { conektaSetup, eventId, stripeEventBody, stripeSetup, stripeSignature, storedEvent } from "@/lib/webhooks/testing/fixtures";
import { stripeV1 } from "@/lib/webhooks/testing/stripe-signature";
import webhooks from "@/pages/api/webhooks/[...route]";
import { servePagesRoute } from "./harness";

// Attacks on the two webhook routes, through Next's Pages API route over real HTTP: old and
// replayed signatures, the wrong secret, another tenant's account, oversized and deeply nested
// bodies, and header tricks. Each is refused with a 4xx problem and stores nothing, or (where
// the provider's own scheme allows it) is verified and stored where it belongs.

let server: Awaited<ReturnType<typeof servePagesRoute>>;
let a: Awaited<ReturnType<typeof stripeSetup>>;
let b: Awaited<ReturnType<typeof stripeSetup>>;
let conektaA: Awaited<ReturnType<typeof conektaSetup>>;
let conektaB: Awaited<ReturnType<typeof conektaSetup>>;

beforeAll(async () => {
  [server, a, b, conektaA, conektaB] = await Promise.all([
    servePagesRoute(webhooks),
    stripeSetup("attack-a"),
    stripeSetup("attack-b"),
    conektaSetup("attack-conekta-a"),
    conektaSetup("attack-conekta-b"),
  ]);
}, 120_000);
afterAll(() => server?.close());

const now = () => Math.floor(Date.now() / 1000);

/** A POST over raw node http, so a header can be sent twice or huge. */
function post(path: string, body: string | Buffer, headers: Record<string, string | string[]>) {
  return new Promise<{ status: number; type: string; body: Record<string, unknown> | null }>((resolve, reject) => {
    const req = request(`${server.origin}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk));
      res.on("end", () => {
        let parsed: Record<string, unknown> | null = null;
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {}
        resolve({ status: res.statusCode!, type: res.headers["content-type"] ?? "", body: parsed });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

function stripeEvent(account: string, id = eventId()) {
  return { id, body: stripeEventBody({ id, type: "invoice.paid", account, created: now(), object: { id: `in_${randomBytes(4).toString("hex")}` } }) };
}

async function expectRefused(answer: Awaited<ReturnType<typeof post>>, status: number, reason: string, providerEventId?: string) {
  expect([answer.status, answer.type]).toEqual([status, "application/problem+json"]);
  expect(answer.body).toMatchObject({ status, reason });
  expect(typeof answer.body!.detail).toBe("string");
  if (providerEventId) expect(await storedEvent(providerEventId)).toBeUndefined();
}

describe("webhook attacks: Stripe", () => {
  it("refuses a replay signed more than five minutes ago", async () => {
    const event = stripeEvent(a.account.id);
    const answer = await post("/api/webhooks/stripe", event.body, { "stripe-signature": stripeSignature(event.body, [a.secret], now() - 600) });
    await expectRefused(answer, 400, "timestamp_out_of_tolerance", event.id);
    expect(answer.body!.skewSeconds).toBeGreaterThanOrEqual(600);
  });

  it("refuses a signature made with a secret that is not one of Beacon's Stripe endpoint secrets", async () => {
    const event = stripeEvent(a.account.id);
    // A Conekta endpoint's secret, and a stranger's: neither is a Stripe endpoint's.
    for (const secret of [conektaA.privateKey, `whsec_${randomBytes(16).toString("hex")}`]) {
      await expectRefused(await post("/api/webhooks/stripe", event.body, { "stripe-signature": stripeSignature(event.body, [secret]) }), 400, "bad_signature", event.id);
    }
  });

  it("files a validly signed event under the account it names, and only there", async () => {
    const event = stripeEvent(b.account.id);
    const answer = await post("/api/webhooks/stripe", event.body, { "stripe-signature": stripeSignature(event.body, [a.secret]) });
    expect(answer.status).toBe(200);
    // Beacon's Stripe endpoints are platform-wide: Stripe (the secret's holder) says whose event it is.
    expect(await storedEvent(event.id)).toMatchObject({ organizationId: b.owner.organization.id, account: b.account.id });
    expect(JSON.stringify(answer.body)).not.toContain(b.owner.organization.id);
  });

  it("refuses a body over 1 MiB with 413 before reading it whole, declared or streamed", async () => {
    const big = `{"pad":"${"x".repeat(MAX_BODY_BYTES)}"}`;
    const answer = await post("/api/webhooks/stripe", big, { "stripe-signature": stripeSignature(big, [a.secret]) });
    await expectRefused(answer, 413, "payload_too_large");
  });

  it("survives a 10,000-deep JSON body: refused unsigned or as a non-event, stored when it is a signed event", async () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    await expectRefused(await post("/api/webhooks/stripe", deep, { "stripe-signature": stripeSignature(deep, ["whsec_nope"]) }), 400, "bad_signature");
    // Signed: the SDK parses it, and it is not an event.
    await expectRefused(await post("/api/webhooks/stripe", deep, { "stripe-signature": stripeSignature(deep, [a.secret]) }), 400, "unparseable");
    // A real event carrying the deep value inside its object.
    const id = eventId();
    const nested = stripeEventBody({ id, type: "invoice.paid", account: a.account.id, created: now(), object: { id: "in_deep", metadata: {} } }).replace(
      '"metadata":{}',
      `"metadata":${"[".repeat(10_000)}${"]".repeat(10_000)}`,
    );
    const answer = await post("/api/webhooks/stripe", nested, { "stripe-signature": stripeSignature(nested, [a.secret]) });
    expect(answer.status).toBe(200);
    expect(await storedEvent(id)).toMatchObject({ organizationId: a.owner.organization.id });
  });

  describe("header tricks", () => {
    it("refuses two Stripe-Signature headers (node joins them; the first t= wins), even when the second is valid", async () => {
      const event = stripeEvent(a.account.id);
      const good = stripeSignature(event.body, [a.secret]);
      await expectRefused(await post("/api/webhooks/stripe", event.body, { "stripe-signature": ["t=1,v1=00", good] }), 400, "bad_signature", event.id);
      const bothBad = await post("/api/webhooks/stripe", event.body, { "stripe-signature": ["t=1,v1=00", `t=${now()},v1=${"0".repeat(64)}`] });
      await expectRefused(bothBad, 400, "bad_signature", event.id);
    });

    it("accepts one matching v1 among several (Stripe signs once per active secret) and refuses when none matches", async () => {
      const event = stripeEvent(a.account.id);
      const t = now();
      const many = `t=${t},v1=${"a".repeat(64)},v1=${stripeV1(event.body, a.secret, t)},v1=${"b".repeat(64)},v0=${"c".repeat(64)}`;
      expect((await post("/api/webhooks/stripe", event.body, { "stripe-signature": many })).status).toBe(200);
      const other = stripeEvent(a.account.id);
      const none = `t=${t},${Array.from({ length: 50 }, (_, i) => `v1=${stripeV1(other.body, `whsec_${i}`, t)}`).join(",")}`;
      await expectRefused(await post("/api/webhooks/stripe", other.body, { "stripe-signature": none }), 400, "bad_signature", other.id);
    });

    it("treats the header name case-insensitively but not its keys, and refuses a signature for another timestamp", async () => {
      const event = stripeEvent(a.account.id);
      const t = now();
      const signature = stripeV1(event.body, a.secret, t);
      await expectRefused(await post("/api/webhooks/stripe", event.body, { "stripe-signature": `T=${t},V1=${signature}` }), 400, "bad_signature", event.id);
      await expectRefused(await post("/api/webhooks/stripe", event.body, { "stripe-signature": `t=${t - 1},v1=${signature}` }), 400, "bad_signature", event.id);
      expect((await post("/api/webhooks/stripe", event.body, { "STRIPE-SIGNATURE": `t=${t},v1=${signature}` })).status).toBe(200);
    });

    it("never lets whitespace turn a bad signature into a good one", async () => {
      const event = stripeEvent(a.account.id);
      const t = now();
      const signature = stripeV1(event.body, a.secret, t);
      for (const header of [` t=${t} , v1=${signature.slice(0, 63)} `, `t=${t},v1= ${"0".repeat(64)}`, `t=${t}\t,v1=${"f".repeat(64)}`]) {
        await expectRefused(await post("/api/webhooks/stripe", event.body, { "stripe-signature": header }), 400, "bad_signature", event.id);
      }
      // Stripe never pads its header; a padded one is malformed even around a matching signature.
      await expectRefused(await post("/api/webhooks/stripe", event.body, { "stripe-signature": `t=${t}, v1=${signature}` }), 400, "bad_signature", event.id);
    });

    it("refuses a 12 KB signature header, and node itself refuses one past its 16 KB header limit", async () => {
      const event = stripeEvent(a.account.id);
      const huge = `t=${now()},${"v1=".concat("0".repeat(64), ",").repeat(180)}`;
      await expectRefused(await post("/api/webhooks/stripe", event.body, { "stripe-signature": huge }), 400, "bad_signature", event.id);
      const tooBig = await post("/api/webhooks/stripe", event.body, { "stripe-signature": `t=${now()},v1=${"0".repeat(20_000)}` });
      expect(tooBig.status).toBe(431);
      expect(await storedEvent(event.id)).toBeUndefined();
    });
  });
});

describe("webhook attacks: Conekta", () => {
  const conektaBody = (companyId: string) =>
    JSON.stringify({ id: eventId("evt_"), object: "event", type: "order.paid", livemode: false, created_at: now(), data: { object: { id: "ord_x", company_id: companyId } } });

  it("refuses a body signed with another organization's key on this connection's URL", async () => {
    const body = conektaBody(conektaA.connection.accountId!);
    const answer = await post(`/api/webhooks/conekta/${conektaA.connection.id}`, body, { digest: conektaB.digest(body) });
    await expectRefused(answer, 400, "bad_signature");
  });

  it("files a signed body that names another organization's account under the URL's connection", async () => {
    const body = conektaBody(conektaB.connection.accountId!);
    const id = (JSON.parse(body) as { id: string }).id;
    expect((await post(`/api/webhooks/conekta/${conektaA.connection.id}`, body, { digest: conektaA.digest(body) })).status).toBe(200);
    expect(await storedEvent(id)).toMatchObject({ organizationId: conektaA.owner.organization.id, connectionId: conektaA.connection.id });
    const [row] = await db.select({ value: count() }).from(webhookEvents).where(and(eq(webhookEvents.providerEventId, id), eq(webhookEvents.organizationId, conektaB.owner.organization.id)));
    expect(row?.value).toBe(0);
  });

  it("answers 404 for a connection that does not exist or is not a UUID, and 413 over 1 MiB", async () => {
    const body = conektaBody("company_x");
    await expectRefused(await post(`/api/webhooks/conekta/${crypto.randomUUID()}`, body, { digest: conektaA.digest(body) }), 404, "unknown_endpoint");
    await expectRefused(await post("/api/webhooks/conekta/not-a-uuid", body, { digest: conektaA.digest(body) }), 404, "unknown_endpoint");
    const big = "x".repeat(MAX_BODY_BYTES + 1);
    await expectRefused(await post(`/api/webhooks/conekta/${conektaA.connection.id}`, big, { digest: conektaA.digest(big) }), 413, "payload_too_large");
  });
});

// The edges an outside review found open: each failed before its fix.
describe("signature edges", () => {
  it("refuses a signature timestamped beyond the tolerance in the future", async () => {
    const event = stripeEvent(a.account.id);
    const answer = await post("/api/webhooks/stripe", event.body, { "stripe-signature": stripeSignature(event.body, [a.secret], now() + 600) });
    await expectRefused(answer, 400, "timestamp_out_of_tolerance", event.id);
  });

  it("calls `t=<now>,v1=` (an empty signature) a bad signature, not an unparseable body", async () => {
    const event = stripeEvent(a.account.id);
    await expectRefused(await post("/api/webhooks/stripe", event.body, { "stripe-signature": `t=${now()},v1=` }), 400, "bad_signature", event.id);
  });

  it("records the rejection of a timestamp whose skew overflows skew_seconds", async () => {
    const event = stripeEvent(a.account.id);
    const answer = await post("/api/webhooks/stripe", event.body, { "stripe-signature": stripeSignature(event.body, [a.secret], 99_999_999_999) });
    await expectRefused(answer, 400, "timestamp_out_of_tolerance", event.id);
    const hash = (await import("node:crypto")).createHash("sha256").update(event.body).digest("hex");
    expect(await db.select().from(webhookRejections).where(eq(webhookRejections.bodySha256, hash))).toHaveLength(1);
  });

  it("verifies a body with a UTF-8 BOM on its exact bytes and stores it", async () => {
    const event = stripeEvent(a.account.id);
    const withBom = `\ufeff${event.body}`;
    expect((await post("/api/webhooks/stripe", withBom, { "stripe-signature": stripeSignature(withBom, [a.secret]) })).status).toBe(200);
    expect(await storedEvent(event.id)).toBeDefined();
  });

  it("does not attribute an unsigned delivery to the account its body names", async () => {
    const event = stripeEvent(b.account.id);
    const hash = (await import("node:crypto")).createHash("sha256").update(event.body).digest("hex");
    await expectRefused(await post("/api/webhooks/stripe", event.body, {}), 400, "missing_signature", event.id);
    const [rejection] = await db.select().from(webhookRejections).where(eq(webhookRejections.bodySha256, hash));
    expect(rejection?.organizationId ?? null).toBeNull();
  });

  // Found by fuzz-webhooks.test.ts.
  it("refuses a signed event whose `created` is past year 9999 as unparseable (400), not 503", async () => {
    const id = eventId();
    const body = stripeEventBody({ id, type: "invoice.paid", account: a.account.id, created: 279_010_468_345, object: { id: "in_far" } });
    const answer = await post("/api/webhooks/stripe", body, { "stripe-signature": stripeSignature(body, [a.secret]) });
    expect(answer.status).toBe(400);
  });
});
