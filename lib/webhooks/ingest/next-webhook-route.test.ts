import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import type { NextApiRequest, NextApiResponse } from "next";
import { afterAll, beforeAll, expect, test } from "vitest";
import webhooks, { config } from "@/pages/api/webhooks/[...route]";
import { MAX_BODY_BYTES } from "./read-body";
import { eventId, stripeEventBody, stripeSetup, stripeSignature, storedEvent } from "../testing/fixtures";

// Next calls the route with node's request and response; so does this server.
const server = createServer((req, res) => void webhooks(req as NextApiRequest, res as NextApiResponse));
let origin = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A POST whose body is sent in chunks with no declared length, as a streaming client would. */
function postChunked(path: string, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${origin}${path}`, { method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on("error", reject);
    req.write(body.slice(0, 100));
    req.end(body.slice(100));
  });
}

test("Next's webhook route leaves the body unparsed for verification on the raw bytes", () => {
  expect(config).toEqual({ api: { bodyParser: false } });
});

test("the Next route answers 200 with the outcome as JSON, for a sized or a streamed body", async () => {
  const setup = await stripeSetup("next-route");
  const id = eventId();
  const body = stripeEventBody({ id, type: "invoice.paid", account: setup.account.id, created: Math.floor(Date.now() / 1000), object: { id: "in_route" } });
  const signature = stripeSignature(body, [setup.secret]);

  const first = await fetch(`${origin}/api/webhooks/stripe`, { method: "POST", body, headers: { "stripe-signature": signature } });
  expect(first.status).toBe(200);
  const stored = await storedEvent(id);
  expect([first.headers.get("content-type"), first.headers.get("cache-control")]).toEqual(["application/json", "no-store"]);
  expect(await first.json()).toEqual({ received: true, eventId: stored!.id, duplicate: false });
  expect(stored!.rawBody).toBe(body);

  const again = await postChunked("/api/webhooks/stripe", body, { "stripe-signature": signature });
  expect([again.status, JSON.parse(again.body)]).toEqual([200, { received: true, eventId: stored!.id, duplicate: true }]);

  const bad = await fetch(`${origin}/api/webhooks/stripe`, { method: "POST", body, headers: { "stripe-signature": stripeSignature(body, ["whsec_other"]) } });
  expect(bad.status).toBe(400);
  expect(bad.headers.get("content-type")).toBe("application/problem+json");
  expect(await bad.json()).toMatchObject({ reason: "bad_signature", instance: "/api/webhooks/stripe" });

  // Streamed with no declared length, the body is cut off at the limit, not buffered whole.
  expect((await postChunked("/api/webhooks/stripe", "x".repeat(MAX_BODY_BYTES + 10), {})).status).toBe(413);
});

test("the Next route refuses other methods and paths with problem details", async () => {
  const get = await fetch(`${origin}/api/webhooks/stripe?x=1`);
  expect([get.status, get.headers.get("allow"), get.headers.get("content-type")]).toEqual([405, "POST", "application/problem+json"]);
  expect(await get.json()).toMatchObject({ code: "method_not_allowed", instance: "/api/webhooks/stripe" });
  const elsewhere = await fetch(`${origin}/api/webhooks/paypal`, { method: "POST", body: "{}" });
  expect([elsewhere.status, (await elsewhere.json()).code]).toEqual([404, "not_found"]);
  const malformed = await fetch(`${origin}/api/webhooks/conekta/%E0%A4%A`, { method: "POST", body: "{}" });
  expect([malformed.status, (await malformed.json()).code]).toEqual([404, "not_found"]);
});
