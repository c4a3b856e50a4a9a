import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { deriveStripeStatus, toAccountSnapshot } from "./account-status";

const onboardingFields = ["business_profile.url", "external_account", "tos_acceptance.date"];

function account(overrides: Partial<Omit<Stripe.Account, "requirements">> & { requirements?: Partial<Stripe.Account.Requirements> } = {}): Stripe.Account {
  const { requirements, ...rest } = overrides;
  return {
    id: "acct_1",
    object: "account",
    charges_enabled: false,
    payouts_enabled: false,
    details_submitted: false,
    business_profile: { name: "Acme", url: null, product_description: null, support_phone: null },
    tos_acceptance: { date: null },
    requirements: { currently_due: onboardingFields, eventually_due: onboardingFields, past_due: [], pending_verification: [], disabled_reason: "requirements.past_due", ...requirements },
    ...rest,
  } as unknown as Stripe.Account;
}

const submitted = { details_submitted: true, tos_acceptance: { date: 1_700_000_000 } } as const;

describe("deriveStripeStatus", () => {
  it.each([
    ["a fresh account (Stripe's own disabled_reason notwithstanding)", account(), "not_started"],
    ["terms accepted, details not submitted", account({ tos_acceptance: { date: 1_700_000_000 } }), "in_progress"],
    ["a website given, details not submitted", account({ business_profile: { url: "https://acme.test" } as Stripe.Account.BusinessProfile }), "in_progress"],
    ["submitted, verification pending", account({ ...submitted, requirements: { currently_due: [], pending_verification: ["individual.verification.document"], disabled_reason: "requirements.pending_verification" } }), "pending_verification"],
    ["submitted, under review", account({ ...submitted, requirements: { currently_due: [], disabled_reason: "under_review" } }), "pending_verification"],
    ["submitted, charges on, payouts not yet, no reason", account({ ...submitted, charges_enabled: true, requirements: { currently_due: [], disabled_reason: null } }), "pending_verification"],
    ["submitted, requirements past due", account({ ...submitted, requirements: { currently_due: ["individual.id_number"], past_due: ["individual.id_number"], disabled_reason: "requirements.past_due" } }), "restricted"],
    ["past due before submitting", account({ requirements: { past_due: ["external_account"] } }), "restricted"],
    ["submitted, rejected", account({ ...submitted, requirements: { currently_due: [], disabled_reason: "rejected.fraud" } }), "restricted"],
    ["charges, payouts and details", account({ ...submitted, charges_enabled: true, payouts_enabled: true, requirements: { currently_due: [], eventually_due: ["individual.id_number"], disabled_reason: null } }), "enabled"],
  ])("%s → %s", (_case, input, expected) => {
    expect(deriveStripeStatus(input)).toBe(expected);
  });

  it("keeps the requirement keys and flags in the snapshot", () => {
    const snapshot = toAccountSnapshot(account({ ...submitted, requirements: { currently_due: ["external_account"], past_due: ["external_account"], disabled_reason: "requirements.past_due" } }));
    expect(snapshot).toMatchObject({
      accountId: "acct_1",
      status: "restricted",
      details: { chargesEnabled: false, detailsSubmitted: true, name: "Acme", requirements: { pastDue: ["external_account"], disabledReason: "requirements.past_due" } },
    });
  });
});
