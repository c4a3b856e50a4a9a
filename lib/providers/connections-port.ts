import "server-only";

/** What lib/connections needs from a provider. */
export interface ConnectionsPort {}
