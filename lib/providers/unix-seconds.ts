/** 9999-12-31T23:59:59Z, the last second PostgreSQL's timestamptz and JavaScript's Date share. */
const MAX_UNIX_SECONDS = 253_402_300_799;

/**
 * Whether an event's creation time is one Beacon can store. A verified event whose time no date
 * column can hold would fail its insert, and a 5xx makes the provider retry it forever, so the
 * verifiers call such an event malformed (400) instead.
 */
export function isUnixSeconds(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= MAX_UNIX_SECONDS;
}

/** The latest of a provider object's timestamps (unix seconds) as a Date; null when it has none. */
export function latestOf(seconds: (number | null | undefined)[]): Date | null {
  const known = seconds.filter((s): s is number => typeof s === "number");
  return known.length > 0 ? new Date(Math.max(...known) * 1000) : null;
}
