import { expect, test } from "vitest";
import { eventId, stripeEventBody, stripeSetup, stripeSignature, storedEvent } from "../testing/fixtures";
import { ingestRequest } from "./ingest-webhook";

const url = "http://beacon.test/api/webhooks/stripe";
const deliver = (init: RequestInit & { duplex?: "half" }) => ingestRequest(new Request(url, { method: "POST", ...init }), "stripe", null, "/api/webhooks/stripe");

test("the Next adapter answers 200 with no body and the outcome in headers, for a sized or a streamed body", async () => {
  const setup = await stripeSetup("next-adapter");
  const id = eventId();
  const body = stripeEventBody({ id, type: "invoice.paid", account: setup.account.id, created: Math.floor(Date.now() / 1000), object: { id: "in_adapter" } });
  const headers = { "stripe-signature": stripeSignature(body, [setup.secret]) };

  const first = await deliver({ body, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } });
  expect(first.status).toBe(200);
  expect(await first.text()).toBe("");
  const stored = await storedEvent(id);
  expect([first.headers.get("beacon-event-id"), first.headers.get("beacon-duplicate"), first.headers.get("cache-control")]).toEqual([stored!.id, "false", "no-store"]);

  // No declared length (chunked): read from the stream, up to the limit.
  const stream = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode(body)), c.close()) });
  const again = await deliver({ body: stream, headers, duplex: "half" });
  expect([again.status, again.headers.get("beacon-duplicate"), again.headers.get("beacon-event-id")]).toEqual([200, "true", stored!.id]);

  const bad = await deliver({ body, headers: { "stripe-signature": stripeSignature(body, ["whsec_other"]) } });
  expect(bad.status).toBe(400);
  expect(bad.headers.get("content-type")).toBe("application/problem+json");
  expect(await bad.json()).toMatchObject({ reason: "bad_signature", instance: "/api/webhooks/stripe" });
});
