import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import webhooks from "@/pages/api/webhooks/[...route]";
import { flushDeliveryStats } from "@/lib/webhooks/ingest/delivery-stats";
import { conektaSetup, eventId, stripeEventBody, stripeSetup, stripeSignature } from "@/lib/webhooks/testing/fixtures";
import { servePagesRoute } from "./harness";
import { assertProblemContract, countStatus, fuzzCheck, fuzzStats, orgFootprint } from "./fuzz-kit";

// Both webhook routes, through Next's Pages API route over HTTP, with bodies and signatures that
// are almost right: never a 5xx, refusals are problem+json, and a refused delivery stores nothing.

let server: Awaited<ReturnType<typeof servePagesRoute>>;
let stripe: Awaited<ReturnType<typeof stripeSetup>>;
let conekta: Awaited<ReturnType<typeof conektaSetup>>;

beforeAll(async () => {
  [server, stripe, conekta] = await Promise.all([servePagesRoute(webhooks), stripeSetup("fuzz-hooks"), conektaSetup("fuzz-conekta")]);
}, 120_000);
afterAll(async () => {
  console.log(`fuzz webhooks: ${fuzzStats.runs} runs`, fuzzStats.statuses);
  await server?.close();
});

const now = () => Math.floor(Date.now() / 1000);
const text = fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.constantFrom("", "{", "null", "[]", '{"id":1}'));

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(new URL(path, server.origin), { method: "POST", body, headers });
  return new Response(await res.arrayBuffer(), { status: res.status, headers: res.headers });
}

/**
 * The endpoint's health columns (last delivery, last verification) record refused deliveries on
 * purpose, like webhook_rejections; they are written every 2 s, so flushed around each call.
 */
const footprint = async (organizationId: string) => {
  await flushDeliveryStats();
  return orgFootprint(organizationId, ["webhook_endpoints"]);
};

async function deliver(label: string, organizationId: string, path: string, body: string, headers: Record<string, string>) {
  const before = await footprint(organizationId);
  const res = await post(path, body, headers);
  countStatus(res.status);
  await assertProblemContract(res, `${label} ${body.slice(0, 120)} ${JSON.stringify(headers).slice(0, 200)}`);
  if (res.status >= 400 && (await footprint(organizationId)) !== before) throw new Error(`${label}: a refused delivery (${res.status}) stored something`);
}

describe("fuzzing the webhook routes", () => {
  it("Stripe: any body and signature header is stored once verified or refused with nothing stored", async () => {
    const event = fc.record({
      type: fc.oneof(fc.constantFrom("invoice.paid", "customer.subscription.updated", "checkout.session.completed"), fc.string({ maxLength: 40 })),
      object: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      // Mostly near now, sometimes anywhere a JSON number can say (past year 9999, negative, fractional).
      created: fc.oneof(fc.constant(now()), fc.integer({ min: now() - 31_536_000, max: now() + 31_536_000 }), fc.double({ noNaN: true })),
    });
    const body = fc.oneof(
      { weight: 3, arbitrary: event.map((e) => stripeEventBody({ id: eventId(), account: stripe.account.id, ...e })) },
      { weight: 1, arbitrary: text },
    );
    const signature = (payload: string) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(stripeSignature(payload, [stripe.secret])) },
        fc.constant(stripeSignature(payload, ["whsec_not_ours"])),
        fc.integer({ min: 0, max: 2 ** 33 }).map((t) => stripeSignature(payload, [stripe.secret], t)),
        fc.string({ maxLength: 200 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
        fc.constantFrom("", "t=", "v1=", "t=1,v1=00", `t=${now()},v1=`, `t=${now()},v0=abc`, ",,,", "t=abc,v1=def"),
      );
    await fuzzCheck(
      fc.asyncProperty(
        body.chain((b) => fc.tuple(fc.constant(b), fc.option(signature(b), { nil: undefined }))),
        async ([payload, header]) => deliver("stripe", stripe.owner.organization.id, "/api/webhooks/stripe", payload, header === undefined ? {} : { "stripe-signature": header }),
      ),
      150,
    );
  });

  it("Conekta: any body and digest is stored once verified or refused with nothing stored", async () => {
    const body = fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .record({ type: fc.oneof(fc.constantFrom("order.paid", "subscription.paid"), fc.string({ maxLength: 30 })), data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) })
          .map((e) => JSON.stringify({ id: eventId("evt_"), object: "event", livemode: false, created_at: now(), ...e })),
      },
      { weight: 1, arbitrary: text },
    );
    const digest = (payload: string) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(conekta.digest(payload)) },
        fc.constant(conekta.digest(payload + " ")),
        fc.base64String({ maxLength: 400 }),
        fc.string({ maxLength: 100 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      );
    const paths = fc.oneof({ weight: 5, arbitrary: fc.constant(conekta.connection.id) }, fc.uuid(), fc.string({ maxLength: 40 }).map(encodeURIComponent));
    await fuzzCheck(
      fc.asyncProperty(
        body.chain((b) => fc.tuple(fc.constant(b), fc.option(digest(b), { nil: undefined }), paths)),
        async ([payload, header, id]) =>
          deliver("conekta", conekta.owner.organization.id, `/api/webhooks/conekta/${id}`, payload, header === undefined ? {} : { digest: header }),
      ),
      120,
    );
  });
});
