import "server-only";

/** What lib/checkouts needs from a provider. */
export interface CheckoutsPort {}
