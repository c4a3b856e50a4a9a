import { readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/me/route";
import { GET as openApiRoute } from "@/app/v1/openapi.json/route";
import { checkoutOrg, listCheckoutsPage, postCheckout } from "@/lib/testing/checkouts";
import { createCheckoutBody, listCheckoutsQuery } from "@/lib/validations/checkouts";
import { isMethodNotAllowed } from "./method-not-allowed";
import { openApiDocument, zodComponents } from "./openapi";

const doc = openApiDocument();
const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The answer is exactly what its documented schema describes: nothing missing, nothing extra. */
function expectDocumented(name: keyof typeof zodComponents, answer: unknown) {
  const parsed = zodComponents[name].safeParse(answer);
  expect(parsed.error?.issues ?? [], name).toEqual([]);
  expect(parsed.data, `${name}: undocumented fields`).toEqual(answer);
}

/** Every route file under app/v1 as (OpenAPI path, method); the catch-all 404 is not an operation. */
async function routeFiles() {
  const root = path.resolve(__dirname, "../../app");
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === "route.ts" && !full.includes("[...")) {
        const route = "/" + path.relative(root, path.dirname(full)).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}");
        const mod = (await import(full)) as Record<string, unknown>;
        for (const m of methods) if (typeof mod[m] === "function" && !isMethodNotAllowed(mod[m])) found.push(`${m} ${route}`);
      }
    }
  };
  await walk(path.join(root, "v1"));
  return found.sort();
}

describe("/v1/openapi.json", () => {
  it("documents exactly the routes that exist", async () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(await routeFiles());
    const served = await (await openApiRoute()).json();
    expect(served.openapi).toBe("3.1.0");
    expect(Object.keys(served.paths)).toEqual(Object.keys(doc.paths));
  });

  it("generates every schema from the zod schemas, with examples those schemas accept", () => {
    for (const [name, schema] of Object.entries(zodComponents)) {
      const example = (doc.components.schemas[name as keyof typeof zodComponents] as { example?: unknown }).example;
      expect(example, `${name} has an example`).toBeDefined();
      expect(schema.safeParse(example).success, name).toBe(true);
    }
    const request = doc.components.schemas.CreateCheckoutRequest;
    expect(request).toMatchObject({ type: "object", additionalProperties: false, required: ["organizationId", "mode", "plan", "billingCycle"] });
    // The opt-in to a duplicate is part of the contract on both sides; an unknown field on neither.
    expect(request.properties).toHaveProperty("allowDuplicate");
    expect(createCheckoutBody.safeParse({ ...(request.example as object), allowDuplicate: true }).success).toBe(true);
    expect(createCheckoutBody.safeParse({ ...(request.example as object), extra: 1 }).error?.issues.map((i) => i.path)).toEqual([["extra"]]);
    expect(doc.paths["/v1/billing/subscription-checkouts"].get.parameters.map((p) => p.name)).toEqual(Object.keys(listCheckoutsQuery.shape));
  });

  it("describes what the API really answers", async () => {
    const org = await checkoutOrg("openapi");
    const created = await postCheckout(org.token, org.body({ customer: { email: "a@example.com" } }), randomUUID());
    expectDocumented("Checkout", await created.json());
    expectDocumented("CheckoutList", await (await listCheckoutsPage(org.token)).json());
    expectDocumented("Problem", await (await postCheckout(org.token, org.body({ plan: "nope" }), randomUUID())).json());
    const me = await meRoute(new Request("http://beacon.test/v1/me", { headers: { authorization: `Bearer ${org.token}` } }), { params: Promise.resolve({}) });
    expectDocumented("Me", await me.json());
  });
});
