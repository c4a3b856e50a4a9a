export const queryKeys = {
  organizations: () => ["organizations"] as const,
  apiTokens: (org: string) => ["orgs", org, "api-tokens"] as const,
  members: (org: string) => ["orgs", org, "members"] as const,
  auditLog: (org: string) => ["orgs", org, "audit-log"] as const,
  /** All modes of an organization's connections: `connections(org)`; one mode: `connections(org, mode)`. */
  connections: (org: string, mode?: string) => (mode ? (["orgs", org, "connections", mode] as const) : (["orgs", org, "connections"] as const)),
  /** Under `connections(org)`, so every connections action reads them again. */
  forwarding: (org: string, mode: string) => ["orgs", org, "connections", mode, "forwarding"] as const,
  plans: (org: string) => ["orgs", org, "plans"] as const,
  /** `checkouts(org)` covers both modes, for invalidation; `checkouts(org, mode)` is one mode's list. */
  checkouts: (org: string, mode?: string) => (mode ? (["orgs", org, "checkouts", mode] as const) : (["orgs", org, "checkouts"] as const)),
  /** One checkout's chain; under `checkouts(org)`, so confirming a checkout refreshes it. */
  checkoutChain: (org: string, id: string) => ["orgs", org, "checkouts", "chain", id] as const,
  /** `events(org)` covers every list and detail, so one invalidation refreshes them all. */
  events: (org: string, filters?: Record<string, unknown>) => (filters ? (["orgs", org, "events", "list", filters] as const) : (["orgs", org, "events"] as const)),
  event: (org: string, id: string) => ["orgs", org, "events", "detail", id] as const,
  subscriptions: (org: string, filters?: Record<string, unknown>) =>
    filters ? (["orgs", org, "subscriptions", "list", filters] as const) : (["orgs", org, "subscriptions"] as const),
  subscription: (org: string, id: string) => ["orgs", org, "subscriptions", "detail", id] as const,
  overview: (org: string, mode: string) => ["orgs", org, "overview", mode] as const,
  alerts: (org: string, mode: string) => ["orgs", org, "alerts", mode] as const,
  observability: (org: string, mode: string, range: string) => ["orgs", org, "observability", mode, range] as const,
  fiscal: (org: string, mode: string) => ["orgs", org, "fiscal", mode] as const,
  fiscalSettings: (org: string) => ["orgs", org, "fiscal-settings"] as const,
  orgSettings: (org: string) => ["orgs", org, "settings"] as const,
};
