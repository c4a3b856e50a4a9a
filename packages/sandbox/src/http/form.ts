import qs from "qs";

// Stripe's wire format: application/x-www-form-urlencoded with bracket notation
// (`metadata[k]=v`, `line_items[0][price]=p`, `expand[]=x`). stripe-node encodes
// arrays with explicit indices; curl users send `[]`. Both decode to arrays here.

export type ParamValue = string | ParamValue[] | Params;
export interface Params {
  [key: string]: ParamValue;
}

// Keys whose children are free-form user keys: never turn them into arrays, even if numeric.
const FREE_FORM_KEYS = new Set(["metadata"]);

// Names that reach an object's prototype when assigned. The sandbox serves whoever reaches its
// port, so one form POST must never change what every object of the process inherits: such
// keys are dropped wherever they appear, and nothing is ever assigned through them.
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// Stripe's encoding as qs reads it (stripe-node itself encodes with qs): `a[b]=`, `a[0]=` and
// `a[]=` arrays, the last of duplicated scalars wins. Null-prototype objects while parsing and
// no keys that shadow Object.prototype; bounded depth, arrays and parameter count.
const QS_OPTIONS: qs.IParseOptions<qs.BooleanOptional> = {
  allowPrototypes: false,
  plainObjects: true,
  depth: 8,
  arrayLimit: 100,
  parameterLimit: 2000,
  duplicates: "last",
  allowDots: false,
  charset: "utf-8",
};

/**
 * From what qs returns to plain Params: numeric-keyed objects (indices above the array limit)
 * become arrays in index order, except under free-form keys such as `metadata`, whose numeric
 * keys stay keys; objects are rebuilt as ordinary ones with only safe keys.
 */
function normalize(value: unknown, key: string): ParamValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object") return String(value);
  const freeForm = FREE_FORM_KEYS.has(key);
  if (Array.isArray(value)) {
    if (freeForm) return normalize(Object.fromEntries(value.map((v, i) => [String(i), v])), key);
    return value.map((v) => normalize(v, "")).filter((v): v is ParamValue => v !== undefined);
  }
  const keys = Object.keys(value).filter((k) => !FORBIDDEN_KEYS.has(k));
  const entries = value as Record<string, unknown>;
  if (keys.length > 0 && !freeForm && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => normalize(entries[String(k)], ""))
      .filter((v): v is ParamValue => v !== undefined);
  }
  const out: Params = {};
  for (const k of keys) {
    const child = normalize(entries[k], k);
    if (child !== undefined) Object.defineProperty(out, k, { value: child, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function parseForm(body: string): Params {
  if (!body) return {};
  return (normalize(qs.parse(body, QS_OPTIONS), "") as Params | undefined) ?? {};
}

// Stable serialization for idempotency comparison: key order must not matter.
export function canonicalParams(value: ParamValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalParams(value[k] as ParamValue)}`).join(",")}}`;
}
