import "server-only";
import type { Db } from "@/db";
import type { Mode } from "@/db/schema";
import { findConnectionByAccount } from "@/lib/connections/load-connection";

export interface Route {
  connectionId: string;
  organizationId: string;
}

// Stripe's one route receives every connected account's events; `event.account` names the
// account and provider_connections says whose it is. A found route is cached briefly, so a burst
// of deliveries costs one lookup per account. A miss is kept only while its lookup runs: the
// first events of a new account can arrive while its connection is being saved, and a cached
// miss would mark the next ones unclaimed too.
const TTL_MS = 5_000;
const cache = new Map<string, { at: number; route: Promise<Route | null> }>();

export function routeStripeAccount(db: Db, mode: Mode, account: string, now = Date.now()): Promise<Route | null> {
  if (!account) return Promise.resolve(null);
  const key = `${mode}:${account}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.route;
  const route = findConnectionByAccount(db, "stripe", mode, account).then((row) =>
    row ? { connectionId: row.id, organizationId: row.organizationId } : null,
  );
  const forget = () => cache.get(key)?.route === route && cache.delete(key);
  route.then((found) => found ?? forget(), forget);
  cache.set(key, { at: now, route });
  return route;
}
