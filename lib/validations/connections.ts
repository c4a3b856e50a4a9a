import { z } from "zod";
import { modes } from "./api-tokens";

export const connectionMode = z.enum(modes, { error: "Choose test or live" });

export const modeQuery = z.object({ mode: connectionMode.default("test") });

export const startStripeOnboardingInput = z.object({ mode: connectionMode });
export type StartStripeOnboardingInput = z.infer<typeof startStripeOnboardingInput>;

export const connectConektaInput = z.object({
  mode: connectionMode,
  privateKey: z
    .string()
    .trim()
    .min(1, "Paste your Conekta private key")
    .max(200)
    .regex(/^key_[A-Za-z0-9_]+$/, "A Conekta private key starts with key_ (find it in Conekta's panel under API keys)"),
  /** At Conekta's webhook limit: delete one webhook Beacon registered that nothing uses any more, then register. */
  removeStaleWebhook: z.boolean().optional(),
});
export type ConnectConektaInput = z.infer<typeof connectConektaInput>;

/** The Stripe onboarding return and refresh pages: which organization and connection. */
export const onboardingReturnQuery = z.object({
  org: z.string().min(1).max(64),
  connection: z.uuid("Not a connection id"),
});

/** Actions without options still send `{}` as JSON, as every dashboard mutation does. */
export const emptyAction = z.object({}).strict();

/**
 * The signing secret `stripe listen` prints ("Your webhook signing secret is whsec_…"). Test mode
 * only: the Stripe CLI forwards test events, and a live secret has no business on a laptop.
 */
export const addForwardingInput = z.object({
  mode: connectionMode.default("test"),
  secret: z
    .string()
    .trim()
    .min(1, "Paste the signing secret `stripe listen` printed")
    .max(200)
    .regex(/^whsec_[A-Za-z0-9+/=_-]{16,}$/, "A Stripe signing secret starts with whsec_ followed by letters and digits (copy it from `stripe listen`)"),
});
export type AddForwardingInput = z.infer<typeof addForwardingInput>;
