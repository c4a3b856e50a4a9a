import "server-only";
import type Stripe from "stripe";
import { DomainError } from "@/lib/errors";
import { stripeClient } from "../clients";
import type { ConnectionsPort } from "../connections-port";
import type { ConnectionHandle } from "../types";
import { toStripeFailure } from "./account-errors";
import { toAccountSnapshot } from "./account-status";
import { registerWebhook, removeWebhook, retireWebhookSecret, rotateWebhookSecret, sendTestEvent } from "./webhook-endpoints";

function accountOf(handle: ConnectionHandle): string {
  if (!handle.connection.accountId) throw new DomainError("conflict", "This Stripe connection has no account yet.");
  return handle.connection.accountId;
}

export const stripeConnections = {
  async retrieveAccount(handle) {
    try {
      return toAccountSnapshot(await stripeClient(handle.connection.mode).accounts.retrieve(accountOf(handle)));
    } catch (error) {
      throw toStripeFailure(error, "retrieving the connected account", { accountCall: true });
    }
  },

  async createAccount(mode, input) {
    // A Standard account: the merchant owns it, with full Stripe Dashboard access (the defaults
    // of every `controller` field, spelled out since `type` is deprecated).
    const params: Stripe.AccountCreateParams = {
      controller: {
        stripe_dashboard: { type: "full" },
        fees: { payer: "account" },
        losses: { payments: "stripe" },
        requirement_collection: "stripe",
      },
      business_profile: { name: input.organizationName },
      metadata: { beacon_organization_id: input.organizationId },
      ...(input.email && { email: input.email }),
    };
    try {
      return toAccountSnapshot(await stripeClient(mode).accounts.create(params));
    } catch (error) {
      throw toStripeFailure(error, "creating your Stripe account");
    }
  },

  async createOnboardingLink(handle, urls) {
    try {
      const link = await stripeClient(handle.connection.mode).accountLinks.create({
        account: accountOf(handle),
        type: "account_onboarding",
        return_url: urls.returnUrl,
        refresh_url: urls.refreshUrl,
        collection_options: { fields: "currently_due" },
      });
      return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
    } catch (error) {
      throw toStripeFailure(error, "creating an onboarding link", { accountCall: true });
    }
  },

  registerWebhook,
  rotateWebhookSecret,
  retireWebhookSecret,
  removeWebhook,
  sendTestEvent,
} satisfies ConnectionsPort;
