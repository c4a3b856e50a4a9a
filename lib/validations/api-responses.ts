import { z } from "zod";
import { errorCodes } from "@/lib/api/errors";
import { modes, tokenScopes } from "./api-tokens";
import { billingCycles } from "./plans";
import { checkoutStatuses, providers } from "./checkouts";

// What /v1 answers, as zod schemas: the serializers produce their bodies through these, and the
// OpenAPI document (lib/api/openapi.ts) is generated from them, so the two cannot drift. A
// schema's `id` is its name under the document's components.schemas.

const subscriptionStatuses = ["incomplete", "trialing", "active", "past_due", "paused", "unpaid", "canceled"] as const;
const timestamp = z.iso.datetime();
const id = z.guid();

const checkoutExample = {
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
} as const;

/** The API's checkout object (also what the dashboard reads). */
export const checkoutResponse = z
  .object({
    id,
    object: z.literal("subscription_checkout"),
    status: z.enum(checkoutStatuses),
    provider: z.enum(providers),
    mode: z.enum(modes),
    plan: z.string(),
    billingCycle: z.enum(billingCycles),
    url: z.string().meta({ description: "The hosted checkout to redirect the buyer to." }),
    customer: z.object({ email: z.string().nullable(), name: z.string().nullable(), reference: z.string().nullable() }),
    successUrl: z.string().nullable(),
    cancelUrl: z.string().nullable(),
    subscription: z.object({ id, status: z.enum(subscriptionStatuses).nullable() }).nullable(),
    confirmedAt: timestamp.nullable(),
    confirmedVia: z.enum(["return", "webhook", "api", "dashboard", "reconcile"]).nullable().meta({ description: "What first brought the final state (`dashboard`: an admin's “Confirm now”)." }),
    stuck: z.boolean().meta({ description: "Open past BEACON_CHECKOUT_STUCK_MINUTES without confirmation." }),
    expiresAt: timestamp.nullable(),
    completedAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "Checkout", example: checkoutExample });
export type CheckoutResponse = z.output<typeof checkoutResponse>;

export const checkoutListResponse = z
  .object({
    data: z.array(checkoutResponse),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last." }),
  })
  .meta({ id: "CheckoutList", example: { data: [checkoutExample], nextCursor: null } });
export type CheckoutListResponse = z.output<typeof checkoutListResponse>;

export const meResponse = z
  .object({
    organization: z.object({ id, slug: z.string(), name: z.string() }),
    mode: z.enum(modes),
    scopes: z.array(z.enum(tokenScopes)),
    token: z.object({ id, name: z.string() }),
  })
  .meta({
    id: "Me",
    example: {
      organization: { id: "9b2f6a0e-5d1c-4b8e-a7f3-2c4d6e8f0a1b", slug: "demo", name: "Demo Store" },
      mode: "test",
      scopes: ["integration"],
      token: { id: "0f7e6d5c-4b3a-4291-8f7e-6d5c4b3a2910", name: "backend" },
    },
  });

/** RFC 9457 problem details; extensions pass through. */
export const problemResponse = z
  .looseObject({
    type: z.url(),
    code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes, ...(keyof typeof errorCodes)[]]),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({
    id: "Problem",
    description: "RFC 9457 problem details. `code` is stable; extensions such as `reason`, `subscription`, `checkout`, `limit` appear where documented.",
    example: {
      type: "https://beacon.dev/problems/validation_failed",
      code: "validation_failed",
      title: "Validation failed",
      status: 422,
      detail: "billingCycle: Use monthly or yearly",
      instance: "/v1/billing/subscription-checkouts",
      errors: [{ field: "billingCycle", message: "Use monthly or yearly" }],
    },
  });
