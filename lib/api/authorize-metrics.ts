import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { ApiError } from "./errors";
import { env } from "@/lib/env";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * `/api/metrics` is for the operator's Prometheus, not for merchants: with BEACON_METRICS_TOKEN
 * set it takes `Authorization: Bearer <token>`; unset, it is open in development and test and
 * closed in production, so a deploy never exposes it by omission.
 */
export function authorizeMetrics(req: Request, config: { token?: string; isProduction: boolean } = { token: env.BEACON_METRICS_TOKEN, isProduction: env.isProduction }) {
  if (!config.token) {
    if (config.isProduction) throw new ApiError("forbidden", "Metrics are off: set BEACON_METRICS_TOKEN to scrape them in production.");
    return;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  // Compared as hashes: constant time whatever the length of what was sent.
  if (!match?.[1] || !timingSafeEqual(digest(match[1]), digest(config.token))) {
    throw new ApiError("unauthorized", "Send the metrics token as `Authorization: Bearer <BEACON_METRICS_TOKEN>`.", {
      headers: { "www-authenticate": 'Bearer realm="beacon-metrics"' },
    });
  }
}
