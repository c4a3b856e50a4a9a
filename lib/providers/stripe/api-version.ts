/**
 * The Stripe API version Beacon's SDK client speaks and registers its endpoints at. Client-safe:
 * the Connections page compares each endpoint's events against it.
 */
export const STRIPE_API_VERSION = "2026-10-28.endive";
