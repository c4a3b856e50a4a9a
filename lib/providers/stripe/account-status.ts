import "server-only";
import type Stripe from "stripe";
import type { ConnectionStatus } from "@/db/schema";
import type { AccountSnapshot } from "../types";

// Stripe gives no single "onboarding status"; Beacon derives one from the account, in this order:
//   enabled              charges, payouts and details submitted
//   restricted           requirements past due, or disabled for a reason other than pending review
//   not_started          nothing submitted and nothing provided yet
//   in_progress          some information provided, details not yet submitted
//   pending_verification submitted; Stripe is verifying (or has not enabled charges/payouts yet)
// A fresh Standard account carries disabled_reason `requirements.past_due` with nothing past
// due, so `disabled_reason` only restricts once details are submitted.

const verifying = new Set(["requirements.pending_verification", "under_review"]);

export function deriveStripeStatus(account: Stripe.Account): ConnectionStatus {
  const req = account.requirements;
  if (account.charges_enabled && account.payouts_enabled && account.details_submitted) return "enabled";
  if ((req?.past_due?.length ?? 0) > 0) return "restricted";
  if (!account.details_submitted) return hasProgress(account) ? "in_progress" : "not_started";
  const reason = req?.disabled_reason ?? null;
  if (reason && !verifying.has(reason)) return "restricted";
  return "pending_verification";
}

function hasProgress(account: Stripe.Account): boolean {
  const profile = account.business_profile;
  return Boolean(account.tos_acceptance?.date || profile?.url || profile?.product_description || profile?.support_phone);
}

export function toAccountSnapshot(account: Stripe.Account): AccountSnapshot {
  const req = account.requirements;
  return {
    accountId: account.id,
    status: deriveStripeStatus(account),
    details: {
      chargesEnabled: account.charges_enabled ?? false,
      payoutsEnabled: account.payouts_enabled ?? false,
      detailsSubmitted: account.details_submitted ?? false,
      requirements: {
        currentlyDue: req?.currently_due ?? [],
        pastDue: req?.past_due ?? [],
        eventuallyDue: req?.eventually_due ?? [],
        disabledReason: req?.disabled_reason ?? null,
      },
      country: account.country ?? null,
      email: account.email ?? null,
      name: account.business_profile?.name ?? account.settings?.dashboard?.display_name ?? null,
    },
  };
}
