// The dashboard's current mode (test or live), like Stripe's test-mode switch. Kept in a cookie:
// a view preference only; every query still filters by the mode it is given.
export const modeCookie = "beacon_mode";

export type DashboardMode = "test" | "live";

export function parseMode(value: string | undefined | null): DashboardMode {
  return value === "live" ? "live" : "test";
}
