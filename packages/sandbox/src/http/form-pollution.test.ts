import { afterEach, describe, expect, test } from "vitest";
import { TEST_KEY, startTestSandbox, type TestSandbox } from "../test-support";
import { parseForm } from "./form";

// One unauthenticated form POST that reached Object.prototype would change every object of the
// sandbox process (its store, its router, its webhook signing). Each hostile key must change nothing.

const hostile = [
  "__proto__[polluted]=yes",
  "__proto__.polluted=yes",
  "constructor[prototype][polluted]=yes",
  "a[__proto__][polluted]=yes",
  "a[constructor][prototype][polluted]=yes",
  "metadata[__proto__][polluted]=yes",
  "expand[]=x&expand[__proto__][polluted]=yes",
  "%5F%5Fproto%5F%5F%5Bpolluted%5D=yes",
];

let t: TestSandbox | undefined;
afterEach(async () => {
  // A failing run must not leak into the other tests of this worker.
  for (const target of [Object.prototype, Array.prototype, Function.prototype] as Record<string, unknown>[]) delete target.polluted;
  await t?.stop();
  t = undefined;
});

const forbidden = ["__proto__", "constructor", "prototype"];
function keysDeep(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.keys(value).flatMap((k) => [k, ...keysDeep((value as Record<string, unknown>)[k])]);
}

const clean = () => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
};

describe("form parsing and prototypes", () => {
  test.each(hostile)("parseForm(%j) leaves every prototype alone and keeps no such key", (body) => {
    const params = parseForm(body);
    clean();
    expect(keysDeep(params).filter((k) => forbidden.includes(k))).toEqual([]);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
  });

  test("hostile keys posted to the real sandbox server, unauthenticated or not, change nothing", async () => {
    t = await startTestSandbox();
    const url = t.sandbox.url;
    const form = { "content-type": "application/x-www-form-urlencoded" };
    for (const body of hostile) {
      // Hosted pages parse the form before anything else, with no key at all.
      for (const page of ["checkout/cs_test_nope", "onboarding/x", "conekta/checkout/x"]) {
        await fetch(`${url}/${page}`, { method: "POST", headers: form, body });
        clean();
      }
      await fetch(`${url}/v1/customers?${body}`, { method: "POST", headers: { ...form, authorization: `Bearer ${TEST_KEY}` }, body: `${body}&email=a%40b.test` });
      clean();
      await fetch(`${url}/_sandbox/clock/advance`, { method: "POST", headers: { ...form, authorization: `Bearer ${TEST_KEY}` }, body });
      clean();
    }
    // And the server still works: a customer with metadata, as stripe-node sends it.
    const customer = await t.stripe.customers.create({ email: "ok@example.test", metadata: { "0": "zero", org: "o 1" } });
    expect(customer.metadata).toEqual({ "0": "zero", org: "o 1" });
  });

  test("Stripe's encoding: a[b]=, a[0]= and a[]= arrays, bounded depth", () => {
    expect(parseForm("a[b]=1&l[0]=x&l[1]=y&e[]=p&e[]=q&metadata[0]=m")).toEqual({ a: { b: "1" }, l: ["x", "y"], e: ["p", "q"], metadata: { "0": "m" } });
    expect(parseForm("items[150]=b&items[3]=a")).toEqual({ items: ["a", "b"] });
    const deep = parseForm("a[b][c][d][e][f][g][h][i][j][k]=1");
    expect(JSON.stringify(deep).length).toBeLessThan(200);
  });
});
