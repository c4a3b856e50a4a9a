import "server-only";
import { and, eq, gte, ilike, lte, sql } from "drizzle-orm";
import { webhookEvents } from "@/db/schema";
import type { ReplayFilterInput } from "@/lib/validations/replay";

/** Most events one replay puts back in the queue; a larger set is replayed in several runs. */
export const REPLAY_MAX_EVENTS = 10_000;

/** A literal prefix for LIKE: `_`, `%` and `\` match themselves, as on the Events page. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/** The events of one organization a replay filter selects (the plan and the run read the same set). */
export function replayScope(organizationId: string, filter: ReplayFilterInput) {
  return and(
    eq(webhookEvents.organizationId, organizationId),
    eq(webhookEvents.mode, filter.mode),
    eq(webhookEvents.status, filter.status),
    filter.provider && eq(webhookEvents.provider, filter.provider),
    filter.type ? ilike(webhookEvents.type, `${escapeLike(filter.type)}%`) : undefined,
    filter.from && gte(webhookEvents.receivedAt, filter.from),
    filter.to && lte(webhookEvents.receivedAt, filter.to),
    filter.objectId ? sql`exists (select 1 from jsonb_each_text(${webhookEvents.objectRefs}) r where r.value = ${filter.objectId})` : undefined,
  );
}

/** The filter as stored on the replay and shown back: dates as ISO text, unset fields left out. */
export function storedFilter(filter: ReplayFilterInput) {
  return {
    status: filter.status,
    ...(filter.provider ? { provider: filter.provider } : {}),
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.from ? { from: filter.from.toISOString() } : {}),
    ...(filter.to ? { to: filter.to.toISOString() } : {}),
    ...(filter.objectId ? { objectId: filter.objectId } : {}),
  };
}
