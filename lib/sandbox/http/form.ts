import "server-only";

// Stripe's wire format: application/x-www-form-urlencoded with bracket notation
// (`metadata[k]=v`, `line_items[0][price]=p`, `expand[]=x`). stripe-node encodes
// arrays with explicit indices; curl users send `[]`. Both decode to arrays here.

export type ParamValue = string | ParamValue[] | Params;
export interface Params {
  [key: string]: ParamValue;
}

// Keys whose children are free-form user keys: never turn them into arrays, even if numeric.
const FREE_FORM_KEYS = new Set(["metadata"]);

function splitKey(raw: string): string[] {
  const first = raw.indexOf("[");
  if (first <= 0) return [raw];
  const parts = [raw.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(raw.slice(first))) !== null) parts.push(match[1] ?? "");
  return parts;
}

function assign(target: Params, path: string[], value: string): void {
  let node: Params = target;
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i] ?? "";
    const last = i === path.length - 1;
    // `[]` appends: model it as the next free numeric index of the container.
    const key = segment === "" ? String(Object.keys(node).length) : segment;
    if (last) {
      node[key] = value;
      return;
    }
    const existing = node[key];
    if (existing === undefined || typeof existing === "string" || Array.isArray(existing)) {
      const child: Params = {};
      node[key] = child;
      node = child;
    } else {
      node = existing;
    }
  }
}

function normalize(value: ParamValue, key: string): ParamValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const numeric = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (numeric && !FREE_FORM_KEYS.has(key)) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => normalize(value[String(k)] as ParamValue, ""));
  }
  const out: Params = {};
  for (const k of keys) out[k] = normalize(value[k] as ParamValue, k);
  return out;
}

export function parseForm(body: string): Params {
  const root: Params = {};
  if (!body) return root;
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, " "));
    const value = decodeURIComponent(rawValue.replace(/\+/g, " "));
    assign(root, splitKey(key), value);
  }
  return normalize(root, "") as Params;
}

// Stable serialization for idempotency comparison: key order must not matter.
export function canonicalParams(value: ParamValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalParams(value[k] as ParamValue)}`).join(",")}}`;
}
