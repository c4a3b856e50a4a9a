import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, type Mode } from "@/db/schema";
import type { OrgContext } from "@/lib/auth/context";
import { serializeForwarding } from "./serialize-forwarding";

/** The organization's enabled `stripe listen` endpoints of a mode (there are none in live mode). */
export function findForwardingEndpoints(database: DbOrTx, organizationId: string, mode: Mode) {
  return database
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.organizationId, organizationId),
        eq(webhookEndpoints.kind, "stripe_forwarding"),
        eq(webhookEndpoints.mode, mode),
        eq(webhookEndpoints.enabled, true),
      ),
    )
    .orderBy(desc(webhookEndpoints.createdAt));
}

export async function listForwardingEndpoints({ ctx, input }: { ctx: OrgContext; input: { mode: Mode } }) {
  return (await findForwardingEndpoints(db, ctx.organization.id, input.mode)).map(serializeForwarding);
}
