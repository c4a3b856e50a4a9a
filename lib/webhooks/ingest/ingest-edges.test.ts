import { createHash, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { db } from "@/db";
import { webhookRejections } from "@/db/schema";
import { conektaSetup, deliverConekta, eventId, ingestor, stripeEventBody, stripeSetup, storedEvent } from "../testing/fixtures";
import { stripeV1 } from "../testing/stripe-signature";

// Edges of the Stripe-Signature header and the body that the happy-path tests do not reach. Each
// rejection is looked up by its body's hash, so tests in other files writing rejections at the
// same time cannot be read by mistake.

const now = () => Math.floor(Date.now() / 1000);
const sha256 = (body: Buffer) => createHash("sha256").update(body).digest("hex");

function deliver(body: Buffer, header: string | null) {
  return ingestor.ingest({
    provider: "stripe",
    connectionId: null,
    body: [body][Symbol.iterator]() as unknown as AsyncIterable<Uint8Array>,
    contentLength: body.byteLength,
    header: (name) => (name === "stripe-signature" ? header : null),
    path: "/api/webhooks/stripe",
  });
}

async function rejectionOf(body: Buffer) {
  const rows = await db.select().from(webhookRejections).where(and(eq(webhookRejections.bodySha256, sha256(body))));
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function signedBody() {
  const { account, secret } = await stripeSetup("edges");
  const id = eventId();
  const body = Buffer.from(stripeEventBody({ id, type: "invoice.paid", account: account.id, created: now(), object: { id: `in_${randomBytes(4).toString("hex")}` } }));
  return { id, body, secret };
}

describe("webhook input edges", () => {
  test("a correctly signed timestamp more than 300 s in the future is rejected like one in the past", async () => {
    const { id, body, secret } = await signedBody();
    const t = now() + 600;
    const res = await deliver(body, `t=${t},v1=${stripeV1(body, secret, t)}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ reason: "timestamp_out_of_tolerance" });
    expect(await storedEvent(id)).toBeUndefined();
    const rejection = await rejectionOf(body);
    expect(rejection.reason).toBe("timestamp_out_of_tolerance");
    expect(rejection.skewSeconds).toBeLessThanOrEqual(-600);
    expect(rejection.skewSeconds).toBeGreaterThan(-610);
  });

  test("an empty v1 is a bad signature, not an unparseable body", async () => {
    const { body } = await signedBody();
    const res = await deliver(body, `t=${now()},v1=`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ reason: "bad_signature" });
    expect((await rejectionOf(body)).reason).toBe("bad_signature");
  });

  test("a skew too large for any clock is still recorded, clamped, never lost", async () => {
    const { body, secret } = await signedBody();
    const t = "99999999999999";
    const res = await deliver(body, `t=${t},v1=${stripeV1(body, secret, t)}`);
    expect(res.status).toBe(400);
    const rejection = await rejectionOf(body);
    expect(rejection.reason).toBe("timestamp_out_of_tolerance");
    expect(rejection.skewSeconds).toBe(-2_147_483_648);
    const past = Buffer.concat([body, Buffer.from(" ")]);
    expect((await deliver(past, `t=1,v1=${stripeV1(past, secret, 1)}`)).status).toBe(400);
    expect((await rejectionOf(past)).skewSeconds).toBeGreaterThanOrEqual(Math.min(now() - 1, 2_147_483_647));
  });

  test("a body that starts with a UTF-8 BOM is verified on its raw bytes and stored without the BOM", async () => {
    const { id, body: json, secret } = await signedBody();
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]);
    const t = now();
    const res = await deliver(body, `t=${t},v1=${stripeV1(body, secret, t)}`);
    expect(res.status).toBe(200);
    const row = await storedEvent(id);
    expect(row?.rawBody).toBe(json.toString("utf8"));
    expect(JSON.parse(row!.rawBody)).toMatchObject({ id });
    // Signed without the BOM but sent with it: the bytes differ, so the signature does not match.
    const other = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json.toString().replace(id, eventId()))]);
    const stripped = other.subarray(3);
    expect(JSON.parse((await deliver(other, `t=${t},v1=${stripeV1(stripped, secret, t)}`)).body)).toMatchObject({ reason: "bad_signature" });
  });

  test("a Conekta body that starts with a BOM is verified on its bytes too and stored without it", async () => {
    const { connection, digest } = await conektaSetup("conekta-bom");
    const id = eventId("");
    const json = JSON.stringify({ id, object: "event", type: "order.paid", created_at: now(), livemode: false, data: { object: { id: "ord_bom" } } });
    const res = await deliverConekta(connection.id, `\uFEFF${json}`, digest(`\uFEFF${json}`));
    expect(res.status).toBe(200);
    expect((await storedEvent(id))?.rawBody).toBe(json);
  });
});
