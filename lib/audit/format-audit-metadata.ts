/**
 * An audit entry's metadata as one readable line: `code=plus prices.monthly=1500 prices.yearly=15000`.
 * Nested objects flatten to dotted keys (a plan change's `prices` was `[object Object]`), arrays
 * join with commas, and null/empty values say so. Client-safe: the audit log panel renders it.
 */
export function formatAuditMetadata(metadata: Record<string, unknown>): string {
  return flatten("", metadata).join(" ");
}

function flatten(prefix: string, value: unknown): string[] {
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix ? [`${prefix}={}`] : [];
    return entries.flatMap(([k, v]) => flatten(prefix ? `${prefix}.${k}` : k, v));
  }
  return [`${prefix}=${scalar(value)}`];
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return value.map((v) => (isPlainObject(v) || Array.isArray(v) ? JSON.stringify(v) : scalar(v))).join(",");
  if (typeof value === "string") return value === "" ? '""' : value;
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
