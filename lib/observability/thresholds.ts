import "server-only";
import { env } from "@/lib/env";

// Every alert threshold in one place. Defaults are chosen so a healthy integration raises
// nothing and a broken one is noticed within minutes; the stuck-checkout age is configurable
// (BEACON_CHECKOUT_STUCK_MINUTES) because it depends on how long buyers take to pay.
export const thresholds = {
  signatureFailures: {
    windowMinutes: 60,
    /** Rejected deliveries (bad or missing signature, clock skew) in the window. */
    warning: 1,
    critical: 5,
  },
  processingFailureRate: {
    windowMinutes: 60,
    /** Too few attempts say nothing about a rate. */
    minAttempts: 5,
    warning: 0.2,
    critical: 0.5,
  },
  /** Any dead (parked) event is critical: its change never reached Beacon's state. */
  deadEvents: { critical: 1 },
  inboxBacklog: {
    /** Age of the oldest event still waiting to be processed. */
    warningSeconds: 5 * 60,
    criticalSeconds: 30 * 60,
  },
  stuckCheckouts: {
    /** An open checkout older than this, never confirmed. */
    minutes: env.BEACON_CHECKOUT_STUCK_MINUTES,
    critical: 5,
  },
  silentWebhooks: {
    /** Checkouts created this long ago should have produced at least one event by now. */
    graceMinutes: 15,
    windowMinutes: 24 * 60,
  },
  endpointFailureRatio: {
    windowHours: 24,
    /** Providers disable endpoints that keep failing; below this many deliveries a ratio is noise. */
    minDeliveries: 10,
    warning: 0.2,
    critical: 0.5,
  },
} as const;

export type Thresholds = typeof thresholds;
