import { invalidParam } from "../http/errors";
import { optInt, reqString } from "../http/params";
import type { Params } from "../http/form";

// Stripe's search query language, the part fixtures and Beacon use: `field:'value'` (exact),
// `field~'value'` (substring), `metadata['key']:'value'`, `created>123`, joined by AND or OR.

type Clause = { field: string; op: string; value: string };

const CLAUSE = /^\s*([a-z_]+(?:\['[^']+'\])?)\s*(:|~|>=|<=|>|<)\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+))\s*$/;

function parseQuery(query: string): { clauses: Clause[]; any: boolean } {
  const hasOr = /\sOR\s/.test(query);
  if (hasOr && /\sAND\s/.test(query)) throw invalidParam("query", "Search queries cannot mix AND and OR.");
  const parts = query.split(hasOr ? /\s+OR\s+/ : /\s+AND\s+/);
  const clauses = parts.map((part) => {
    const m = CLAUSE.exec(part);
    if (!m) throw invalidParam("query", `Invalid search query: ${query}`);
    return { field: m[1] ?? "", op: m[2] ?? ":", value: m[3] ?? m[4] ?? m[5] ?? "" };
  });
  return { clauses, any: hasOr };
}

function fieldValue(obj: Record<string, unknown>, field: string): unknown {
  const meta = /^metadata\['([^']+)'\]$/.exec(field);
  if (meta) return (obj.metadata as Record<string, unknown> | undefined)?.[meta[1] ?? ""];
  return obj[field];
}

function matches(obj: Record<string, unknown>, { field, op, value }: Clause): boolean {
  const actual = fieldValue(obj, field);
  if (op === ":") return String(actual ?? "") === value;
  if (op === "~") return String(actual ?? "").toLowerCase().includes(value.toLowerCase());
  const n = Number(actual);
  const v = Number(value);
  return op === ">" ? n > v : op === "<" ? n < v : op === ">=" ? n >= v : n <= v;
}

/** Stripe's `search_result` envelope over rendered objects, newest first. */
export function searchResult(items: Record<string, unknown>[], params: Params, url: string): Record<string, unknown> {
  const { clauses, any } = parseQuery(reqString(params, "query"));
  const limit = optInt(params, "limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam("limit", "Invalid limit: must be between 1 and 100.");
  const found = items.filter((item) => (any ? clauses.some((c) => matches(item, c)) : clauses.every((c) => matches(item, c))));
  const page = Number(params.page ?? 0) || 0;
  const data = found.slice(page, page + limit);
  const more = page + limit < found.length;
  return { object: "search_result", data, has_more: more, next_page: more ? String(page + limit) : null, url };
}
