import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { email } from "./auth";
import { billingCycles, planCode } from "./plans";

export const providers = ["stripe", "conekta"] as const;
export const checkoutStatuses = ["open", "completed", "expired", "failed"] as const;

const httpUrl = z
  .url({ protocol: /^https?$/, error: "Use an absolute http(s) URL" })
  .max(2000);

/**
 * An object that refuses unknown fields one by one, so the problem names each (a strict object
 * names none). Its JSON Schema is the object's, closed to other properties as the parser is.
 */
function exactObject<T extends z.ZodRawShape>(shape: T, meta: z.GlobalMeta = {}) {
  return z.preprocess((value, ctx) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const key of Object.keys(value)) {
        if (!(key in shape)) ctx.addIssue({ code: "custom", path: [key], message: "Unknown field", input: value });
      }
    }
    return value;
  }, z.object(shape).meta({ ...meta, additionalProperties: false }));
}

const customer = exactObject(
  {
    email: email.optional(),
    name: z.string().trim().min(1).max(120).optional(),
    reference: z.string().trim().min(1).max(120).optional().meta({ description: "Your id for the buyer; used to detect duplicates." }),
    /** Conekta requires it; Stripe's checkout asks the buyer itself. */
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()-]{6,19}$/, "Use a phone number like +52 55 1234 5678")
      .optional(),
  },
  { description: "Conekta requires email, name and phone." },
);

const checkoutFields = {
  plan: planCode.meta({ description: "A plan code, e.g. `plus`." }),
  billingCycle: z.enum(billingCycles, "Use monthly or yearly"),
  provider: z.enum(providers, "Use stripe or conekta").optional().meta({ description: "Default: the organization's default provider (Settings), else its oldest enabled connection in this mode." }),
  customer: customer.optional(),
  /** A second subscription or checkout for the same buyer and plan is meant: skip the 409. */
  allowDuplicate: z
    .boolean("Use true or false")
    .optional()
    .meta({ description: "`true` creates the checkout even if the customer already has a live subscription or an open checkout for the plan (otherwise 409)." }),
};

const createCheckoutExample = {
  organizationId: "9b2f6a0e-5d1c-4b8e-a7f3-2c4d6e8f0a1b",
  plan: "plus",
  billingCycle: "monthly",
  mode: "test",
  provider: "stripe",
  customer: { email: "ana@example.com", reference: "cust_42" },
  successUrl: "https://shop.example/thanks",
};

/** Body of POST /v1/billing/subscription-checkouts. Unknown fields are errors, named. */
export const createCheckoutBody = exactObject(
  {
    organizationId: z.string().trim().min(1, "Give your organization's id").max(80).meta({ description: "The token's organization: its id (or slug). Another one is 404." }),
    mode: z.enum(["test", "live"], "Use test or live").meta({ description: "Must be the token's mode." }),
    ...checkoutFields,
    successUrl: httpUrl.optional().meta({ description: "Where the buyer goes after a completed checkout." }),
    cancelUrl: httpUrl.optional().meta({ description: "Where the buyer goes after canceling, a failure or expiry." }),
  },
  { example: createCheckoutExample },
).meta({ id: "CreateCheckoutRequest" });
export type CreateCheckoutBody = z.infer<typeof createCheckoutBody>;

/** What an admin fills in on the Checkouts page: always a test-mode checkout. */
export const createTestCheckoutInput = exactObject(checkoutFields);
export type CreateTestCheckoutInput = z.infer<typeof createTestCheckoutInput>;

export const listCheckoutsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().meta({ description: "`nextCursor` of the previous page." }),
  status: z.enum(checkoutStatuses).optional(),
});
export type ListCheckoutsQuery = z.infer<typeof listCheckoutsQuery> & { mode?: "test" | "live" };

/** The dashboard's list: one mode at a time, the one the header's switch shows. */
export const listOrgCheckoutsQuery = listCheckoutsQuery.extend({ mode: z.enum(["test", "live"]).default("test") });

/** `Idempotency-Key`: an RFC 8941 sf-string (`"…"`) or, as Stripe clients send it, a bare token. */
export const idempotencyKey = z
  .string()
  .trim()
  .transform((v) => (/^".*"$/.test(v) ? v.slice(1, -1).replace(/\\(["\\])/g, "$1") : v))
  .pipe(
    z
      .string()
      .min(1, "The Idempotency-Key is empty")
      .max(200, "Use at most 200 characters")
      .regex(/^[\x21-\x7e]+$/, "Use printable ASCII without spaces"),
  )
  .meta({ description: 'An RFC 8941 sf-string (`"…"`) or a bare token; 1–200 printable ASCII characters, e.g. `chk_<operation id>`.' });

/** The `{id}` of /v1/billing/subscription-checkouts/{id}: any UUID-shaped string. */
export const checkoutId = z.guid();

/** A checkout id in a path; anything that is not a UUID cannot name a checkout, so it is not found. */
export function checkoutIdParam(value: string): string {
  if (!checkoutId.safeParse(value).success) throw new DomainError("not_found", "No such checkout.");
  return value.toLowerCase();
}
