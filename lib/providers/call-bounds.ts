import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { Provider } from "@/db/schema";
import { ProviderError } from "@/lib/errors";
import { env } from "@/lib/env";
import { instrumentedFetch } from "@/lib/observability/metrics/provider-calls";
import { AccountLimiter } from "./account-limiter";

// Every provider HTTP call of both SDKs goes through `boundedFetch` (clients.ts), which bounds it
// three ways: each attempt by BEACON_PROVIDER_TIMEOUT_MS; all calls of one API request together
// by that request's budget (`withProviderBudget`, set by lib/api/respond.ts), however many calls
// it chains (a price sync, a product, a price and a checkout) and however often the SDK retries;
// and each provider account's rate by a per-process token bucket.

interface Budget {
  signal: AbortSignal;
  /** Attempts in this request that may have reached the provider and got no answer. */
  unanswered: number;
}

const budgets = new AsyncLocalStorage<Budget>();

/** Runs `fn` with every provider call inside it sharing one deadline, `ms` from now. */
export function withProviderBudget<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  return budgets.run({ signal: AbortSignal.timeout(ms), unanswered: 0 }, fn);
}

const g = globalThis as { __beaconAccountLimiter?: AccountLimiter };
/** The per-account limiter of this process (one across module instances, like the metrics). */
export const accountLimiter = (g.__beaconAccountLimiter ??= new AccountLimiter(env.BEACON_PROVIDER_ACCOUNT_RPS, env.BEACON_PROVIDER_ACCOUNT_BURST));

/** The account a call is made for: Stripe's `Stripe-Account` header, or the Conekta key's digest. */
function accountOf(provider: Provider, headers: Headers): string {
  if (provider === "stripe") return `stripe:${headers.get("stripe-account") ?? "platform"}`;
  const key = headers.get("authorization") ?? "";
  return `conekta:${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

/** Node's codes for a connection that never opened: the request was never sent. */
const neverSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "BEACON_NOT_SENT"]);

function causes(error: unknown, seen = new Set<unknown>()): unknown[] {
  if (typeof error !== "object" || error === null || seen.has(error)) return [];
  seen.add(error);
  const e = error as { cause?: unknown; detail?: unknown; errors?: unknown[] };
  return [error, ...causes(e.cause, seen), ...causes(e.detail, seen), ...(Array.isArray(e.errors) ? e.errors.flatMap((x) => causes(x, seen)) : [])];
}

function neverSent(error: unknown): boolean {
  return causes(error).some((e) => neverSentCodes.has(String((e as { code?: unknown }).code)));
}

/**
 * What a call that got no answer means for what it asked: `not_sent` when no attempt can have
 * reached the provider (every connection refused, the budget spent before sending), so nothing
 * was changed; `unknown` when one may have (a timeout, a reset): the provider may have done it.
 */
export function outcomeOfUnanswered(error: unknown): "not_sent" | "unknown" {
  const budget = budgets.getStore();
  if (budget) return budget.unanswered === 0 ? "not_sent" : "unknown";
  return neverSent(error) ? "not_sent" : "unknown";
}

/** A call with no answer: refused before anything was sent (nothing changed), or sent and not answered (unknown). */
export function unanswered(provider: Provider, label: string, error: unknown, doing: string): ProviderError {
  if (outcomeOfUnanswered(error) === "not_sent") {
    return new ProviderError(provider, "provider_unavailable", `${label} could not be reached while ${doing}: the connection was refused, so nothing was sent and nothing was changed. Try again shortly.`, {
      retryAfterSeconds: 5,
    });
  }
  return new ProviderError(provider, "provider_timeout", `${label} did not answer in time while ${doing}; whether it was done is unknown.`, {
    retryAfterSeconds: 5,
    details: { outcome: "unknown" },
  });
}

/** A fetch for an SDK: instrumented, timed per attempt and by the request's budget, and rate-limited per account. */
export function boundedFetch(provider: Provider): typeof fetch {
  const timed = instrumentedFetch(provider);
  return async (input, init = {}) => {
    const request = input instanceof Request ? input : null;
    const budget = budgets.getStore();
    const own = init.signal ?? request?.signal;
    const signal = AbortSignal.any([AbortSignal.timeout(env.BEACON_PROVIDER_TIMEOUT_MS), ...(budget ? [budget.signal] : []), ...(own ? [own] : [])]);
    try {
      await accountLimiter.take(accountOf(provider, new Headers(init.headers ?? request?.headers)), signal);
    } catch {
      throw Object.assign(new Error(`The ${provider} call was not sent: its time ran out waiting for the account's rate limit.`), { code: "BEACON_NOT_SENT" });
    }
    try {
      return await timed(input, { ...init, signal });
    } catch (error) {
      if (budget && !neverSent(error)) budget.unanswered += 1;
      throw error;
    }
  };
}
