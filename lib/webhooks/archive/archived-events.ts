import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { archivedEvents, type Mode } from "@/db/schema";

/** One archived event of this organization, or null: the archive is read through the organization like the inbox. */
export function getArchivedEvent(organizationId: string, eventId: string) {
  return db
    .select()
    .from(archivedEvents)
    .where(and(eq(archivedEvents.id, eventId), eq(archivedEvents.organizationId, organizationId)))
    .then((rows) => rows[0] ?? null);
}

/** Archived events of this organization and mode with this provider event id (the log's search finds them too). */
export async function findArchivedEvents(organizationId: string, mode: Mode, providerEventId: string) {
  const rows = await db
    .select({
      id: archivedEvents.id,
      provider: archivedEvents.provider,
      type: archivedEvents.type,
      providerEventId: archivedEvents.providerEventId,
      status: archivedEvents.status,
      decision: archivedEvents.decision,
      receivedAt: archivedEvents.receivedAt,
      archivedAt: archivedEvents.archivedAt,
    })
    .from(archivedEvents)
    .where(and(eq(archivedEvents.organizationId, organizationId), eq(archivedEvents.providerEventId, providerEventId), eq(archivedEvents.mode, mode)))
    .orderBy(desc(archivedEvents.receivedAt))
    .limit(10);
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString(), archivedAt: r.archivedAt.toISOString() }));
}
