/** A nullable timestamp as JSON carries it: ISO 8601, or null. */
export const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
