export const queryKeys = {
  organizations: () => ["organizations"] as const,
  apiTokens: (org: string) => ["orgs", org, "api-tokens"] as const,
  members: (org: string) => ["orgs", org, "members"] as const,
  auditLog: (org: string) => ["orgs", org, "audit-log"] as const,
};
