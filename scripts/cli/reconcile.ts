import { parseArgs } from "node:util";
import { and, eq, isNotNull, ne } from "drizzle-orm";
import { db } from "@/db";
import { prepareDatabase } from "@/db/migrate";
import { organizations, providerConnections } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { parseDuration } from "@/lib/utils/duration";
import { reconcileConnection } from "@/lib/webhooks/reconcile/reconcile-connection";
import { organizationBySlug } from "./organization-by-slug";
import { UsageError, type CliCommand } from "./types";

export const reconcile: CliCommand = {
  usage: `reconcile [--since 3d] [--org <slug>] [--mode test|live] [--dry-run]
                                  fetch events Beacon missed from the providers, process them, report and repair drift`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { since: { type: "string", default: "3d" }, org: { type: "string" }, mode: { type: "string" }, "dry-run": { type: "boolean", default: false } },
    });
    const seconds = parseDuration(values.since);
    if (seconds === null) throw new UsageError("--since takes a duration like 3d, 12h or 30m");
    if (values.mode && values.mode !== "test" && values.mode !== "live") throw new UsageError("--mode is test or live");
    await prepareDatabase();
    const organizationId = values.org ? (await organizationBySlug(values.org)).id : undefined;
    const connections = await db
      .select({ id: providerConnections.id, provider: providerConnections.provider, mode: providerConnections.mode, org: organizations.slug })
      .from(providerConnections)
      .innerJoin(organizations, eq(organizations.id, providerConnections.organizationId))
      .where(
        and(
          ne(providerConnections.status, "disconnected"),
          isNotNull(providerConnections.accountId),
          organizationId ? eq(providerConnections.organizationId, organizationId) : undefined,
          values.mode ? eq(providerConnections.mode, values.mode as "test" | "live") : undefined,
        ),
      );
    if (connections.length === 0) return console.log("no connections to reconcile");
    const since = new Date(Date.now() - seconds * 1000);
    let failed = false;
    for (const c of connections) {
      try {
        const r = await reconcileConnection(db, c.id, { since, dryRun: values["dry-run"] });
        console.log(`${c.org} ${c.provider} ${c.mode}: ${r.eventsListed} events listed, ${r.eventsRecovered} ${values["dry-run"] ? "missing" : "recovered"}; ${r.subscriptionsChecked} subscriptions, ${r.drift.length} drifted, ${r.repaired} repaired`);
        for (const d of r.drift) console.log(`  ${d.providerSubscriptionId} ${d.field}: beacon=${d.beacon ?? "-"} provider=${d.provider ?? "-"}`);
      } catch (error) {
        failed = true;
        console.error(`${c.org} ${c.provider} ${c.mode}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failed) throw new DomainError("unavailable", "Some connections could not be reconciled (see above).");
  },
};
