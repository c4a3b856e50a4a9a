import "server-only";
import Stripe from "stripe";
import { ProviderError } from "@/lib/errors";
import { unanswered } from "../call-bounds";
import { AccountGoneError } from "../connections-port";

/** True when Stripe no longer lets the platform see the account (deauthorized or deleted). */
function isAccountGone(error: Stripe.errors.StripeError): boolean {
  if (error instanceof Stripe.errors.StripePermissionError) return true;
  return error.code === "account_invalid" || (error.code === "resource_missing" && error.param === "account");
}

/**
 * Maps what the Stripe SDK throws to Beacon's errors, naming what Beacon was doing. Nothing of
 * Stripe's error object leaves the adapter but its message; the edge decides the status.
 */
export function toStripeFailure(error: unknown, doing: string, options: { accountCall?: boolean } = {}): Error {
  if (!(error instanceof Stripe.errors.StripeError)) return error instanceof Error ? error : new Error(String(error));
  if (options.accountCall && isAccountGone(error)) return new AccountGoneError(`Stripe no longer gives Beacon access to this account: ${error.message}`);
  if (error instanceof Stripe.errors.StripeConnectionError) return unanswered("stripe", "Stripe", error, doing);
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return new ProviderError("stripe", "provider_unavailable", `Stripe rejected Beacon's platform key while ${doing}; an operator must check the STRIPE_*_SECRET_KEY setting.`);
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return new ProviderError("stripe", "provider_unavailable", `Stripe is rate limiting Beacon while ${doing}; try again in a minute.`, { retryAfterSeconds: 60 });
  }
  return new ProviderError("stripe", "provider_rejected", `Stripe refused ${doing} (${error.statusCode ?? "no status"}): ${error.message}`);
}

