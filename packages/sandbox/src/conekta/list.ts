import type { SandboxEngine } from "../engine";
import { invalidParam } from "./errors";

type Obj = Record<string, unknown>;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 250;

/**
 * Conekta's list envelope: `limit` (1–250, default 20), cursors `next` / `previous` (an object
 * id), a free-text `search`, and `next_page_url` / `previous_page_url` to follow.
 */
export function listResponse(engine: SandboxEngine, items: Obj[], query: URLSearchParams, path: string): Obj {
  const rawLimit = query.get("limit");
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalidParam("limit", `The parameter limit must be between 1 and ${MAX_LIMIT}.`);
  }
  const search = query.get("search")?.toLowerCase();
  const matching = search ? items.filter((item) => JSON.stringify(item).toLowerCase().includes(search)) : items;
  const cursor = (param: "next" | "previous"): number | undefined => {
    const id = query.get(param);
    if (!id) return undefined;
    const index = matching.findIndex((item) => item.id === id);
    if (index === -1) throw invalidParam(param, `The parameter ${param} does not match any object.`);
    return index;
  };
  const after = cursor("next");
  const before = cursor("previous");
  const backwards = after === undefined && before !== undefined;
  const end = backwards ? before : matching.length;
  const start = backwards ? Math.max(0, end - limit) : after === undefined ? 0 : after + 1;
  const data = matching.slice(start, Math.min(end, start + limit));
  // More in the direction of travel: older items forwards, newer ones backwards.
  const hasMore = backwards ? start > 0 : start + data.length < end;
  const url = (param: string, id: unknown) => `${engine.baseUrl}/conekta${path}?limit=${limit}&${param}=${String(id)}`;
  const last = data[data.length - 1];
  const first = data[0];
  return {
    object: "list",
    has_more: hasMore,
    next_page_url: start + data.length < matching.length && last ? url("next", last.id) : null,
    previous_page_url: start > 0 && first ? url("previous", first.id) : null,
    data,
  };
}
