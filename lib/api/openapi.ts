import "server-only";
import { env } from "@/lib/env";
import { schemas } from "./openapi-schemas";

// The OpenAPI 3.1 description of /v1, served at /v1/openapi.json. openapi.test.ts keeps it
// honest: every route file under app/v1 is documented and every documented route exists.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (name: string) => ({ "application/json": { schema: ref(name) } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });
const auth = { 401: problem("No token, or an unknown or revoked one."), 403: problem("The token lacks the scope."), 429: rateLimited() };
const checkoutId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };

function rateLimited() {
  return {
    ...problem("Over BEACON_RATE_LIMIT_PER_MINUTE requests this minute for the token."),
    headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds until the next window." } },
  };
}

const paths = {
  "/v1/me": {
    get: {
      operationId: "getMe",
      summary: "What the bearer token is: its organization, mode and scopes",
      security: [{ bearer: ["read"] }],
      responses: { 200: { description: "The token's identity.", content: body("Me") }, 401: auth[401] },
    },
  },
  "/v1/billing/subscription-checkouts": {
    post: {
      operationId: "createSubscriptionCheckout",
      summary: "Create a hosted subscription checkout (idempotent)",
      description:
        "Answers the checkout with the hosted `url` to redirect the buyer to. `Idempotency-Key` is required and scoped to the " +
        "organization and mode; a repeat replays the first response with `Idempotent-Replayed: true`. Keys are kept " +
        "BEACON_IDEMPOTENCY_TTL_HOURS (24 h by default). Only successful responses are stored: a refused request created " +
        "nothing and may be retried with the same key.",
      security: [{ bearer: ["integration"] }],
      parameters: [
        {
          name: "Idempotency-Key",
          in: "header",
          required: true,
          description: 'An RFC 8941 sf-string (`"…"`) or a bare token; 1–200 printable ASCII characters, e.g. `chk_<operation id>`.',
          schema: { type: "string", maxLength: 202 },
        },
      ],
      requestBody: { required: true, content: body("CreateCheckoutRequest") },
      responses: {
        201: {
          description: "Created (or replayed).",
          headers: { "Idempotent-Replayed": { schema: { const: "true" }, description: "Present on a replay." } },
          content: body("Checkout"),
        },
        400: problem("Missing or malformed Idempotency-Key, or a body that is not JSON."),
        ...auth,
        404: problem("`organizationId` is not the token's organization."),
        409: problem(
          "The key's first request is still in flight (`reason: idempotency_key_in_use`, with Retry-After); or, unless " +
            "`allowDuplicate` is true, the customer already has a live subscription to the plan — on Conekta, any " +
            "(`reason: duplicate_subscription`, `subscription` names it) — or an open, unexpired checkout for it under another key " +
            "(`reason: open_checkout`, `checkout` names its `id` and the `url` to send the buyer to).",
        ),
        415: problem("The body is not application/json."),
        422: problem("A field is invalid (named in `errors`): unknown plan, provider not enabled, wrong mode, or the key reused with another body."),
        503: problem("The provider could not be reached or refused; nothing was created."),
      },
    },
    get: {
      operationId: "listSubscriptionCheckouts",
      summary: "List checkouts in the token's mode, newest first",
      security: [{ bearer: ["read"] }],
      parameters: [
        { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
        { name: "cursor", in: "query", schema: { type: "string" }, description: "`nextCursor` of the previous page." },
        { name: "status", in: "query", schema: { enum: ["open", "completed", "expired", "failed"] } },
      ],
      responses: { 200: { description: "A page.", content: body("CheckoutList") }, ...auth, 422: problem("A bad query parameter.") },
    },
  },
  "/v1/billing/subscription-checkouts/{id}": {
    get: {
      operationId: "getSubscriptionCheckout",
      summary: "One checkout as Beacon knows it",
      security: [{ bearer: ["read"] }],
      parameters: [checkoutId],
      responses: { 200: { description: "The checkout.", content: body("Checkout") }, ...auth, 404: problem("No such checkout in the token's organization and mode.") },
    },
  },
  "/v1/billing/subscription-checkouts/{id}/confirm": {
    post: {
      operationId: "confirmSubscriptionCheckout",
      summary: "Retrieve the checkout from the provider and apply it (idempotent)",
      description: "Completed: the customer and subscription are linked. Safe to call any number of times, before or after the webhooks.",
      security: [{ bearer: ["integration"] }],
      parameters: [checkoutId],
      responses: {
        200: { description: "The checkout's current state.", content: body("Checkout") },
        ...auth,
        404: problem("No such checkout in the token's organization and mode."),
        503: problem("The provider could not be reached; nothing changed."),
      },
    },
  },
  "/v1/openapi.json": {
    get: {
      operationId: "getOpenApi",
      summary: "This document",
      security: [],
      responses: { 200: { description: "OpenAPI 3.1.", content: { "application/json": { schema: { type: "object" } } } } },
    },
  },
};

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Beacon API",
      version: "1",
      description: "The merchant backend's API. Errors are RFC 9457 `application/problem+json` with a stable `code`.",
    },
    servers: [{ url: env.publicUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token `bcn_test_…` / `bcn_live_…` with scopes." } },
      schemas,
    },
  };
}
