import "server-only";
import { and, asc, count, max, min, sql } from "drizzle-orm";
import { db } from "@/db";
import { webhookEvents, type Provider } from "@/db/schema";
import { requireRole, type OrgContext } from "@/lib/auth/context";
import { getAdapter } from "@/lib/providers";
import type { ReplayFilterInput } from "@/lib/validations/replay";
import { REPLAY_MAX_EVENTS, replayScope, storedFilter } from "./replay-scope";

/** What replaying an event of a type would do now, read from Beacon's current handlers. */
export type ReplayAction =
  | { outcome: "handled"; handlers: string[] }
  | { outcome: "ignored"; reason: string };

/**
 * What an event would do if it ran now: the domain changes the provider's adapter maps its body
 * to (the same map the worker uses), so a type Beacon learnt to handle since it was ignored shows
 * its handler, and one it still does not shows "still ignored" with the reason.
 */
export function replayActionOf(provider: Provider, rawBody: string): ReplayAction {
  let changes;
  try {
    changes = getAdapter(provider).toEventChanges(rawBody);
  } catch (error) {
    return { outcome: "ignored", reason: `The body cannot be read: ${(error as Error).message}` };
  }
  const handled = changes.filter((c) => c.kind !== "ignored").map((c) => c.kind);
  if (handled.length > 0) return { outcome: "handled", handlers: [...new Set(handled)] };
  const reasons = changes.flatMap((c) => (c.kind === "ignored" ? [c.reason] : []));
  return { outcome: "ignored", reason: reasons.join("; ") || "No change for Beacon" };
}

/**
 * The plan of a bulk replay, shown before anything runs: how many events the filter selects, and
 * per provider and type how many, their time span and what each would do now. Reads only.
 */
export async function planReplay({ ctx, input }: { ctx: OrgContext; input: ReplayFilterInput }) {
  requireRole(ctx, "admin");
  const scope = replayScope(ctx.organization.id, input);
  const groups = await db
    .select({
      provider: webhookEvents.provider,
      type: webhookEvents.type,
      count: count(),
      oldest: min(webhookEvents.receivedAt),
      newest: max(webhookEvents.receivedAt),
      // One body per type is enough to say what the type maps to: the map reads the type first.
      sampleId: sql<string>`(array_agg(${webhookEvents.id} order by ${webhookEvents.receivedAt} desc))[1]`,
    })
    .from(webhookEvents)
    .where(scope)
    .groupBy(webhookEvents.provider, webhookEvents.type)
    .orderBy(asc(webhookEvents.provider), asc(webhookEvents.type));
  const samples = groups.length
    ? await db
        .select({ id: webhookEvents.id, rawBody: webhookEvents.rawBody })
        .from(webhookEvents)
        .where(and(scope, sql`${webhookEvents.id} in (${sql.join(groups.map((g) => sql`${g.sampleId}::uuid`), sql`, `)})`))
    : [];
  const bodyOf = new Map(samples.map((s) => [s.id, s.rawBody]));
  const total = groups.reduce((n, g) => n + g.count, 0);
  return {
    mode: input.mode,
    filter: storedFilter(input),
    total,
    /** How many one run puts back in the queue (oldest first); the rest wait for another run. */
    willQueue: Math.min(total, REPLAY_MAX_EVENTS),
    maxPerRun: REPLAY_MAX_EVENTS,
    types: groups.map((g) => ({
      provider: g.provider,
      type: g.type,
      count: g.count,
      oldest: g.oldest?.toISOString() ?? null,
      newest: g.newest?.toISOString() ?? null,
      action: replayActionOf(g.provider, bodyOf.get(g.sampleId) ?? "{}"),
    })),
  };
}

export type ReplayPlan = Awaited<ReturnType<typeof planReplay>>;
