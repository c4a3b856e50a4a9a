import { z } from "zod";

export const billingCycles = ["monthly", "yearly"] as const;

/** ISO 4217 codes Beacon can bill in (all with two-decimal minor units); Conekta takes MXN and USD only. */
export const currencies = ["usd", "mxn", "eur", "gbp", "cad", "brl", "cop", "pen", "ars"] as const;

export const planCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?$/, "Use 1–40 lowercase letters, digits, dashes and underscores");

/** Minor units (cents), as every amount Beacon stores. */
const unitAmount = z.number().int("Use whole minor units (cents)").min(100, "At least 1.00").max(100_000_000, "At most 1,000,000.00");

const prices = z
  .object({ monthly: unitAmount.nullish(), yearly: unitAmount.nullish() })
  .refine((p) => p.monthly != null || p.yearly != null, { message: "Give a monthly or a yearly price", path: ["monthly"] });

export const createPlanInput = z.object({
  code: planCode,
  name: z.string().trim().min(1, "Name the plan").max(80),
  currency: z.enum(currencies, "Choose a supported currency"),
  trialDays: z.number().int().min(0).max(365).default(0),
  prices,
});
export type CreatePlanInput = z.infer<typeof createPlanInput>;

/** Code and currency are fixed once a plan exists: subscriptions and provider prices refer to them. */
export const updatePlanInput = z.object({
  name: z.string().trim().min(1, "Name the plan").max(80).optional(),
  trialDays: z.number().int().min(0).max(365).optional(),
  prices: prices.optional(),
  archived: z.boolean().optional(),
});
export type UpdatePlanInput = z.infer<typeof updatePlanInput>;
