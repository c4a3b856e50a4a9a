import "server-only";
import type { Db } from "@/db";
import type { Provider } from "@/db/schema";
import { traitsOf } from "@/lib/providers/traits";
import {
  loadConektaVerificationTargets,
  loadForwardingVerificationTargets,
  loadStripeVerificationTargets,
  type VerificationTarget,
} from "@/lib/connections/verification-targets";

/** One secret that may verify a delivery, with the endpoint it belongs to. */
export interface CandidateSecret {
  endpoint: VerificationTarget["endpoint"];
  secretId: string;
  value: string;
}

interface Entry {
  loadedAt: number;
  /** Loaded because a verification failed (not for a first or expired look-up). */
  refreshed: boolean;
  candidates: Promise<CandidateSecret[]>;
}

// The hot path must not read (and decrypt) secrets per delivery. Entries live a few seconds, so
// a rotation made by another process (or by the App Router's bundle, which shares no module with
// the webhook route's) is picked up quickly; and a failed verification reloads once before
// rejecting, so a secret registered a moment ago verifies its first delivery. Only a reload made
// for an earlier failure is not repeated within REFRESH_AFTER_MS: a stream of forged deliveries
// costs one reload a second, not one each.
const TTL_MS = 5_000;
const REFRESH_AFTER_MS = 1_000;
const cache = new Map<string, Entry>();

function flatten(targets: VerificationTarget[]): CandidateSecret[] {
  return targets.flatMap((t) => t.secrets.map((s) => ({ endpoint: t.endpoint, secretId: s.id, value: s.value })));
}

/** A forwarding endpoint's scope is `forward:<endpointId>`: its URL names it, so only its secret is tried. */
const forwardingPrefix = "forward:";
export const forwardingScope = (endpointId: string) => `${forwardingPrefix}${endpointId}`;

function keyOf(provider: Provider, connectionId: string | null) {
  if (connectionId?.startsWith(forwardingPrefix)) return `${provider}:${connectionId}`;
  return traitsOf(provider).webhooks === "platform" ? provider : `${provider}:${connectionId}`;
}

function loadTargets(db: Db, provider: Provider, scope: string | null) {
  if (scope?.startsWith(forwardingPrefix)) return loadForwardingVerificationTargets(db, scope.slice(forwardingPrefix.length));
  return traitsOf(provider).webhooks === "platform" ? loadStripeVerificationTargets(db) : loadConektaVerificationTargets(db, scope!);
}

/**
 * The secrets that may verify a delivery to one route: `scope` is the Conekta connection id of a
 * per-connection route, `forward:<endpointId>` for a `stripe listen` forwarding route, null for
 * Stripe's shared route.
 */
export function loadCandidates(db: Db, provider: Provider, scope: string | null, { now = Date.now(), refresh = false } = {}): Entry {
  const key = keyOf(provider, scope);
  const hit = cache.get(key);
  if (!refresh && hit && now - hit.loadedAt < TTL_MS) return hit;
  const load = loadTargets(db, provider, scope);
  const entry: Entry = { loadedAt: now, refreshed: refresh, candidates: load.then(flatten) };
  // A failed load is not cached: the next delivery tries again.
  entry.candidates.catch(() => cache.get(key) === entry && cache.delete(key));
  cache.set(key, entry);
  return entry;
}

/** Whether a failed verification should reload the secrets and try once more. */
export function shouldRefresh(entry: Pick<Entry, "loadedAt" | "refreshed">, now = Date.now()) {
  return !entry.refreshed || now - entry.loadedAt >= REFRESH_AFTER_MS;
}

/** Forget cached secrets (after a rotation in this process, or in tests). */
export function invalidateVerificationTargets(provider?: Provider, connectionId?: string) {
  if (!provider) return cache.clear();
  cache.delete(keyOf(provider, connectionId ?? null));
}
