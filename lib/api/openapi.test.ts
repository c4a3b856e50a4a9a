import { readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/me/route";
import { GET as openApiRoute } from "@/app/v1/openapi.json/route";
import { checkoutOrg, listCheckoutsPage, postCheckout } from "@/lib/testing/checkouts";
import { createCheckoutBody } from "@/lib/validations/checkouts";
import { isMethodNotAllowed } from "./method-not-allowed";
import { openApiDocument } from "./openapi";

type Schema = Record<string, unknown>;
const doc = openApiDocument();
const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Enough of JSON Schema 2020-12 for Beacon's document: $ref, type, enum/const, required, properties, items. */
function validate(schema: Schema, value: unknown, at = "$"): string[] {
  if (typeof schema.$ref === "string") return validate(doc.components.schemas[schema.$ref.split("/").pop() as keyof typeof doc.components.schemas] as Schema, value, at);
  const errors: string[] = [];
  const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
  if (schema.type) {
    const types = ([] as string[]).concat(schema.type as string | string[]);
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === "integer" && types.includes("number"))) return [`${at}: ${actual} is not ${types.join("|")}`];
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) errors.push(`${at}: ${String(value)} not in enum`);
  if ("const" in schema && schema.const !== value) errors.push(`${at}: not ${String(schema.const)}`);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in object)) errors.push(`${at}.${key}: missing`);
    for (const [key, v] of Object.entries(object)) {
      if (properties[key]) errors.push(...validate(properties[key], v, `${at}.${key}`));
      else if (schema.additionalProperties === false || schema.required) errors.push(`${at}.${key}: not documented`);
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errors.push(...validate(schema.items as Schema, v, `${at}[${i}]`)));
  return errors;
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

  it("has examples that validate against their schemas and the request parser", () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const example of (schema as Schema).examples as unknown[]) expect(validate(schema as Schema, example), name).toEqual([]);
    }
    const request = doc.components.schemas.CreateCheckoutRequest.examples[0];
    expect(createCheckoutBody.safeParse(request).success).toBe(true);
    expect(validate(doc.components.schemas.CreateCheckoutRequest, { ...request, extra: 1 })).toEqual(["$.extra: not documented"]);
    // The opt-in to a duplicate is part of the contract on both sides.
    expect(validate(doc.components.schemas.CreateCheckoutRequest, { ...request, allowDuplicate: true })).toEqual([]);
    expect(createCheckoutBody.safeParse({ ...request, allowDuplicate: true }).success).toBe(true);
  });

  it("describes what the API really answers", async () => {
    const org = await checkoutOrg("openapi");
    const created = await postCheckout(org.token, org.body({ customer: { email: "a@example.com" } }), randomUUID());
    expect(validate({ $ref: "#/components/schemas/Checkout" }, await created.json())).toEqual([]);
    expect(validate({ $ref: "#/components/schemas/CheckoutList" }, await (await listCheckoutsPage(org.token)).json())).toEqual([]);
    const problem = await (await postCheckout(org.token, org.body({ plan: "nope" }), randomUUID())).json();
    expect(validate({ $ref: "#/components/schemas/Problem" }, problem).filter((e) => !e.includes("not documented"))).toEqual([]);
    const me = await meRoute(new Request("http://beacon.test/v1/me", { headers: { authorization: `Bearer ${org.token}` } }), { params: Promise.resolve({}) });
    expect(validate({ $ref: "#/components/schemas/Me" }, await me.json())).toEqual([]);
  });
});
