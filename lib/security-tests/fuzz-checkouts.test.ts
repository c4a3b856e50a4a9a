import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { POST } from "@/app/v1/billing/subscription-checkouts/route";
import { buildRequest } from "./harness";
import { assertProblemContract, bodyNear, contentType, countStatus, fuzzCheck, fuzzStats, orgFootprint } from "./fuzz-kit";
import { seedOrg, type SeededOrg } from "./seed";

// POST /v1/billing/subscription-checkouts with bodies, keys, content types and tokens that are
// almost right: never a 5xx, every refusal problem+json naming the fault, and a refused request
// leaves the organization's rows exactly as they were.

let org: SeededOrg;
beforeAll(async () => {
  org = await seedOrg("fuzz-v1");
}, 120_000);
afterAll(() => console.log(`fuzz /v1 checkouts: ${fuzzStats.runs} runs`, fuzzStats.statuses));

describe("fuzzing POST /v1/billing/subscription-checkouts", () => {
  it("answers every variation with a success or a named refusal, and refusals write nothing", async () => {
    const valid = {
      organizationId: org.ids.org,
      plan: org.ids.planCode,
      billingCycle: "monthly",
      mode: "test",
      customer: { email: "fuzz@example.test" },
      successUrl: "https://merchant.example/ok",
    };
    const token = fc.oneof(
      { weight: 6, arbitrary: fc.constant(org.tokens.test) },
      fc.constantFrom(org.tokens.read, org.tokens.live, "bcn_test_" + "x".repeat(32), "", "Bearer"),
    );
    const key = fc.oneof(
      { weight: 4, arbitrary: fc.uuid() },
      fc.constant(null),
      fc.string({ maxLength: 250 }),
      fc.constantFrom('"quoted-key"', '"', " ", "\u00e9t\u00e9"),
    );
    await fuzzCheck(
      fc.asyncProperty(bodyNear(valid), contentType, key, token, async (body, type, idempotencyKey, bearer) => {
        const headers: Record<string, string> = { "content-type": type };
        // Headers that fetch itself refuses (non-ByteString) are not HTTP; skip those keys.
        if (idempotencyKey !== null && /^[\x20-\x7e]*$/.test(idempotencyKey)) headers["idempotency-key"] = idempotencyKey;
        const before = await orgFootprint(org.ids.org, ["api_tokens"]);
        const req = buildRequest("/v1/billing/subscription-checkouts", "POST", bearer ? `Bearer ${bearer}` : null, body, headers);
        const res = await POST(req, { params: Promise.resolve({}) });
        countStatus(res.status);
        await assertProblemContract(res, `POST /v1/billing/subscription-checkouts ${body.slice(0, 200)}`);
        if (res.status >= 400 && (await orgFootprint(org.ids.org, ["api_tokens"])) !== before) {
          throw new Error(`a refused request (${res.status}) changed the organization's rows: ${body.slice(0, 200)}`);
        }
      }),
      150,
    );
  });
});
