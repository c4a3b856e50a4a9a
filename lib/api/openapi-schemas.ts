import { billingCycles } from "@/lib/validations/plans";
import { checkoutStatuses, providers } from "@/lib/validations/checkouts";
import { errorCodes } from "./errors";

// JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of /v1's bodies. Kept beside the zod
// schemas' field names; openapi.test.ts checks the examples and real responses against them.

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, "null"], ...extra });
const dateTime = { type: "string", format: "date-time" };
const id = { type: "string", format: "uuid" };

export const checkoutExample = {
  id: "4383a499-769f-870b-804e-bf1c6a2f9d10",
  object: "subscription_checkout",
  status: "open",
  provider: "stripe",
  mode: "test",
  plan: "plus",
  billingCycle: "monthly",
  url: "https://checkout.stripe.com/c/pay/cs_test_a1b2c3",
  customer: { email: "ana@example.com", name: null, reference: "cust_42" },
  successUrl: "https://shop.example/thanks",
  cancelUrl: null,
  subscription: null,
  confirmedAt: null,
  confirmedVia: null,
  stuck: false,
  expiresAt: "2026-05-02T10:00:00.000Z",
  completedAt: null,
  createdAt: "2026-05-01T10:00:00.000Z",
};

export const createCheckoutExample = {
  organizationId: "9b2f6a0e-5d1c-4b8e-a7f3-2c4d6e8f0a1b",
  plan: "plus",
  billingCycle: "monthly",
  mode: "test",
  provider: "stripe",
  customer: { email: "ana@example.com", reference: "cust_42" },
  successUrl: "https://shop.example/thanks",
};

export const schemas = {
  CreateCheckoutRequest: {
    type: "object",
    additionalProperties: false,
    required: ["organizationId", "plan", "billingCycle", "mode"],
    properties: {
      organizationId: { type: "string", description: "The token's organization: its id (or slug). Another one is 404." },
      plan: { type: "string", pattern: "^[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?$", description: "A plan code, e.g. `plus`." },
      billingCycle: { enum: billingCycles },
      mode: { enum: ["test", "live"], description: "Must be the token's mode." },
      provider: { enum: providers, description: "Default: the organization's first enabled connection in this mode." },
      customer: {
        type: "object",
        additionalProperties: false,
        description: "Conekta requires email, name and phone.",
        properties: {
          email: { type: "string", format: "email" },
          name: { type: "string", maxLength: 120 },
          reference: { type: "string", maxLength: 120, description: "Your id for the buyer; used to detect duplicates." },
          phone: { type: "string" },
        },
      },
      allowDuplicate: {
        type: "boolean",
        description: "`true` creates the checkout even if the customer already has a live subscription or an open checkout for the plan (otherwise 409).",
      },
      successUrl: { type: "string", format: "uri", description: "Where the buyer goes after a completed checkout." },
      cancelUrl: { type: "string", format: "uri", description: "Where the buyer goes after canceling, a failure or expiry." },
    },
    examples: [createCheckoutExample],
  },
  Checkout: {
    type: "object",
    required: Object.keys(checkoutExample),
    properties: {
      id,
      object: { const: "subscription_checkout" },
      status: { enum: checkoutStatuses },
      provider: { enum: providers },
      mode: { enum: ["test", "live"] },
      plan: { type: "string" },
      billingCycle: { enum: billingCycles },
      url: { type: "string", description: "The hosted checkout to redirect the buyer to." },
      customer: {
        type: "object",
        required: ["email", "name", "reference"],
        properties: { email: nullable("string"), name: nullable("string"), reference: nullable("string") },
      },
      successUrl: nullable("string"),
      cancelUrl: nullable("string"),
      subscription: {
        type: ["object", "null"],
        required: ["id", "status"],
        properties: { id, status: nullable("string") },
      },
      confirmedAt: nullable("string", { format: "date-time" }),
      confirmedVia: { enum: ["return", "webhook", "api", "reconcile", null], description: "What first brought the final state." },
      stuck: { type: "boolean", description: "Open past BEACON_CHECKOUT_STUCK_MINUTES without confirmation." },
      expiresAt: nullable("string", { format: "date-time" }),
      completedAt: nullable("string", { format: "date-time" }),
      createdAt: dateTime,
    },
    examples: [checkoutExample],
  },
  CheckoutList: {
    type: "object",
    required: ["data", "nextCursor"],
    properties: {
      data: { type: "array", items: { $ref: "#/components/schemas/Checkout" } },
      nextCursor: nullable("string", { description: "Pass as `cursor` for the next page; null on the last." }),
    },
    examples: [{ data: [checkoutExample], nextCursor: null }],
  },
  Me: {
    type: "object",
    required: ["organization", "mode", "scopes", "token"],
    properties: {
      organization: { type: "object", required: ["id", "slug", "name"], properties: { id, slug: { type: "string" }, name: { type: "string" } } },
      mode: { enum: ["test", "live"] },
      scopes: { type: "array", items: { enum: ["integration", "read"] } },
      token: { type: "object", required: ["id", "name"], properties: { id, name: { type: "string" } } },
    },
    examples: [
      {
        organization: { id: "9b2f6a0e-5d1c-4b8e-a7f3-2c4d6e8f0a1b", slug: "demo", name: "Demo Store" },
        mode: "test",
        scopes: ["integration"],
        token: { id: "0f7e6d5c-4b3a-4291-8f7e-6d5c4b3a2910", name: "backend" },
      },
    ],
  },
  Problem: {
    type: "object",
    description: "RFC 9457 problem details. `code` is stable; extensions such as `reason`, `subscription`, `checkout`, `limit` appear where documented.",
    required: ["type", "code", "title", "status", "detail"],
    properties: {
      type: { type: "string", format: "uri" },
      code: { enum: Object.keys(errorCodes) },
      title: { type: "string" },
      status: { type: "integer" },
      detail: { type: "string" },
      instance: { type: "string" },
      errors: { type: "array", items: { type: "object", required: ["field", "message"], properties: { field: { type: "string" }, message: { type: "string" } } } },
    },
    examples: [
      {
        type: "https://beacon.dev/problems/validation_failed",
        code: "validation_failed",
        title: "Validation failed",
        status: 422,
        detail: "billingCycle: Use monthly or yearly",
        instance: "/v1/billing/subscription-checkouts",
        errors: [{ field: "billingCycle", message: "Use monthly or yearly" }],
      },
    ],
  },
};
