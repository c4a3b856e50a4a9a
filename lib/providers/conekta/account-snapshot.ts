import "server-only";
import { CompaniesApi, WebhooksApi, type CompanyResponse } from "conekta";
import type { Mode } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { conektaConfig } from "../clients";
import type { AccountSnapshot } from "../types";
import { conektaMessage, isCredentialRejected, isNotFound, toConektaFailure } from "./account-errors";

export const conektaTimeout = { timeout: 15_000 };

/**
 * Conekta has no onboarding to follow: a key that works on an active company can charge. The
 * company (id, name, active) is shown when Conekta discloses it to the key.
 */
export function toAccountSnapshot(company: CompanyResponse | null): AccountSnapshot {
  const active = company?.active !== false;
  return {
    accountId: company?.id ?? null,
    status: active ? "enabled" : "restricted",
    details: {
      chargesEnabled: active,
      payoutsEnabled: active,
      detailsSubmitted: true,
      requirements: { currentlyDue: [], pastDue: [], eventuallyDue: [], disabledReason: active ? null : (company?.account_status ?? "inactive") },
      name: company?.name ?? null,
    },
  };
}

async function describeAccount(key: string): Promise<AccountSnapshot> {
  const config = conektaConfig(key);
  // Listing webhooks is a call every private key may make: it proves the key.
  await new WebhooksApi(config).getWebhooks("en", undefined, 1, undefined, undefined, undefined, undefined, conektaTimeout);
  const company = await new CompaniesApi(config).getCurrentCompany("en", conektaTimeout).then(
    (response) => response.data,
    (error: unknown) => {
      if (isNotFound(error) || isCredentialRejected(error)) return null;
      throw error;
    },
  );
  return toAccountSnapshot(company);
}

/** Proves a private key with a real call; a rejected key is a field error. */
export async function verifyCredential(_mode: Mode, key: string): Promise<AccountSnapshot> {
  try {
    return await describeAccount(key);
  } catch (error) {
    if (isCredentialRejected(error)) {
      const message = `Conekta rejected this private key (${conektaMessage(error)}). Copy the private key of this mode from Conekta's panel.`;
      throw new DomainError("validation_failed", `privateKey: ${message}`, { errors: [{ field: "privateKey", message }] });
    }
    throw toConektaFailure(error, "checking the private key");
  }
}

export async function retrieveCompany(key: string): Promise<AccountSnapshot> {
  try {
    return await describeAccount(key);
  } catch (error) {
    throw toConektaFailure(error, "retrieving the account", { accountCall: true });
  }
}
