import { afterAll, beforeAll, describe, expect, test } from "vitest";
import fixtures from "./fixtures/stripe-fixtures.json";
import { startTestSandbox, type TestSandbox } from "../test-support";
import { collectSamples } from "./shape-samples";

// Every object kind the sandbox returns must carry exactly the top-level keys of
// Stripe's own example object (github.com/stripe/openapi fixtures3.json).
const resources = fixtures.resources as Record<string, Record<string, unknown>>;

// Keys Stripe documents as conditional, absent from the generic fixture.
const CONDITIONAL: Record<string, string[]> = {
  event: ["account"], // only on Connect events
  webhook_endpoint: ["secret"], // only in the creation response
};

// Where the copied fixture predates 2026-10-28, the installed SDK's types (checked field
// for field by shape-types.test.ts) win: keys the API removed, and keys it added.
const REMOVED: Record<string, string[]> = {
  invoice: ["subscription"], // now parent.subscription_details.subscription
};
const ADDED: Record<string, string[]> = {
  product: ["tax_details"],
  "checkout.session": ["allowed_payment_method_types"],
  subscription_item: ["current_trial"],
  payment_intent: ["allowed_payment_method_types", "payment_record"],
};

let t: TestSandbox;
let samples: Map<string, Record<string, unknown>>;

beforeAll(async () => {
  t = await startTestSandbox();
  samples = await collectSamples(t);
});

afterAll(async () => {
  await t.stop();
});

describe("object shapes match Stripe's fixtures", () => {
  const kinds = Object.keys(resources);
  test("every copied fixture kind is exercised", () => {
    expect(kinds.filter((k) => !samples.has(k))).toEqual([]);
  });
  test.each(Object.keys(resources))("%s", (kind) => {
    const sample = samples.get(kind);
    expect(sample, kind).toBeDefined();
    const copied = Object.keys(resources[kind] ?? {}).filter((k) => !REMOVED[kind]?.includes(k));
    const expected = [...copied, ...(ADDED[kind] ?? [])].sort();
    const allowed = new Set([...expected, ...(CONDITIONAL[kind] ?? [])]);
    const actual = Object.keys(sample ?? {}).sort();
    expect(actual.filter((k) => !allowed.has(k)), `${kind}: invented keys`).toEqual([]);
    expect(expected.filter((k) => !actual.includes(k)), `${kind}: missing keys`).toEqual([]);
  });
});
