import "server-only";

/** What lib/events needs from a provider. */
export interface EventsPort {}
