import { parseArgs } from "node:util";
import { and, eq, isNull } from "drizzle-orm";
import { db } from "@/db";
import { prepareDatabase } from "@/db/migrate";
import { rejectionSummary } from "@/db/queries/rejections";
import { webhookEndpoints } from "@/db/schema";
import { addForwardingEndpoint } from "@/lib/connections/forwarding/add-forwarding-endpoint";
import { listForwardingEndpoints } from "@/lib/connections/forwarding/list-forwarding-endpoints";
import { removeForwardingEndpoint } from "@/lib/connections/forwarding/remove-forwarding-endpoint";
import { rotateEndpointSecret } from "@/lib/connections/rotate-webhook-secret";
import { addForwardingInput } from "@/lib/validations/connections";
import { runMaintenanceJob } from "@/lib/server/maintenance-jobs";
import { parseDuration } from "@/lib/utils/duration";
import { organizationBySlug } from "./organization-by-slug";
import { UsageError, type CliCommand } from "./types";

// Beacon's shared Stripe platform endpoints serve every organization, so only operators rotate
// them, here; the dashboard lets an organization rotate only its own Conekta endpoint.
const actor = { system: "ops CLI" };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function rotate(args: string[]) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { provider: { type: "string" }, mode: { type: "string" }, org: { type: "string" } } });
  let endpoints;
  if (positionals.length > 0) {
    const [id] = positionals;
    if (positionals.length > 1 || !uuid.test(id!)) throw new UsageError("webhooks rotate takes one endpoint id (a UUID) or --provider");
    endpoints = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id!), eq(webhookEndpoints.enabled, true)));
    if (endpoints.length === 0) throw new UsageError(`no enabled webhook endpoint ${id}`);
  } else {
    if (values.mode !== "test" && values.mode !== "live") throw new UsageError("--mode is test or live");
    const mode = values.mode;
    if (values.provider === "stripe") {
      endpoints = await db
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.provider, "stripe"), eq(webhookEndpoints.mode, mode), eq(webhookEndpoints.enabled, true), isNull(webhookEndpoints.organizationId)));
    } else if (values.provider === "conekta") {
      if (!values.org) throw new UsageError("--org <slug> is required for Conekta (each organization has its own endpoint)");
      const org = await organizationBySlug(values.org);
      endpoints = await db
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.organizationId, org.id), eq(webhookEndpoints.kind, "conekta"), eq(webhookEndpoints.mode, mode), eq(webhookEndpoints.enabled, true)));
    } else {
      throw new UsageError("--provider is stripe or conekta");
    }
    if (endpoints.length === 0) throw new UsageError(`no enabled ${values.provider} endpoint in ${mode} mode`);
  }
  for (const endpoint of endpoints) {
    const { retiresAt } = await rotateEndpointSecret(db, endpoint, actor);
    console.log(`${endpoint.kind} ${endpoint.id}: new secret active; the previous one verifies until ${retiresAt}`);
  }
}

/**
 * `stripe listen` forwarding for a developer's organization, as the dashboard's Stripe card does
 * it: the same verbs, acting as the organization's owner ("ops CLI" in its audit log).
 */
async function forward([sub, ...args]: string[]) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { org: { type: "string" }, secret: { type: "string" }, mode: { type: "string", default: "test" } } });
  if (!values.org) throw new UsageError("--org <slug> is required");
  const organization = await organizationBySlug(values.org);
  const ctx = { organization, role: "owner" as const, principal: { type: "system" as const, name: "ops CLI" } };
  if (sub === "add") {
    const parsed = addForwardingInput.safeParse({ secret: values.secret ?? "", mode: values.mode });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
    const endpoint = await addForwardingEndpoint({ ctx, input: parsed.data });
    console.log(`forwarding endpoint ${endpoint.id} (${endpoint.secretHint}) for ${organization.slug}; now run:\n  ${endpoint.command}`);
    return;
  }
  if (sub === "list") {
    const endpoints = await listForwardingEndpoints({ ctx, input: { mode: "test" } });
    if (endpoints.length === 0) return console.log(`no forwarding endpoints for ${organization.slug}`);
    for (const e of endpoints) console.log(`${e.id} ${e.secretHint} last delivery ${e.lastDeliveryAt ?? "never"} (${e.lastVerification ?? "-"})\n  ${e.command}`);
    return;
  }
  if (sub === "remove") {
    const [id] = positionals;
    if (positionals.length !== 1 || !uuid.test(id!)) throw new UsageError("webhooks forward remove takes one endpoint id (a UUID) and --org");
    await removeForwardingEndpoint({ ctx, input: { endpointId: id! } });
    return console.log(`forwarding endpoint ${id} removed; its URL answers 404 from now on`);
  }
  throw new UsageError(`unknown webhooks forward subcommand "${sub ?? ""}"`);
}

async function rejections(args: string[]) {
  const { values } = parseArgs({ args, options: { since: { type: "string", default: "24h" }, all: { type: "boolean", default: false } } });
  const seconds = parseDuration(values.since);
  if (seconds === null) throw new UsageError("--since takes a duration like 3d, 12h or 30m");
  const { byReason, latest } = await rejectionSummary(db, { since: new Date(Date.now() - seconds * 1000), unattributedOnly: !values.all });
  const scope = values.all ? "refused deliveries" : "refused deliveries that belong to no organization";
  if (byReason.length === 0) return console.log(`no ${scope} in the last ${values.since}`);
  console.log(`${scope}, last ${values.since}:`);
  for (const r of byReason) console.log(`  ${r.provider} ${r.reason}: ${r.n} (last ${r.last?.toISOString() ?? "?"})`);
  console.log("latest:");
  for (const r of latest) {
    const skew = r.skewSeconds === null ? "" : ` skew ${r.skewSeconds}s`;
    console.log(`  ${r.receivedAt.toISOString()} ${r.provider} ${r.reason}${skew} sha256 ${r.bodySha256.slice(0, 16)}… ${r.organizationId ?? "(no organization)"}${r.detail ? ` — ${r.detail}` : ""}`);
  }
}

export const webhooks: CliCommand = {
  usage: `webhooks rotate <endpointId>
  webhooks rotate --provider stripe --mode <test|live>
  webhooks rotate --provider conekta --org <slug> --mode <test|live>
                                  new signing secret; the old one verifies for BEACON_SECRET_OVERLAP_HOURS
                                  (Beacon's shared Stripe endpoints are rotated only here, never from the dashboard)
  webhooks forward add --org <slug> --secret whsec_…
                                  register the signing secret \`stripe listen\` printed (test mode only); prints the
                                  \`stripe listen --forward-to …\` command whose events land in that organization
  webhooks forward list --org <slug>
  webhooks forward remove <endpointId> --org <slug>
  webhooks sweep                  retire secrets whose overlap has ended (at the provider too)
  webhooks rejections [--since 24h] [--all]
                                  refused deliveries that belong to no organization (--all: every one)`,
  async run([sub, ...rest]) {
    await prepareDatabase();
    if (sub === "rotate") return rotate(rest);
    if (sub === "rejections") return rejections(rest);
    if (sub === "forward") return forward(rest);
    if (sub === "sweep") {
      const outcome = await runMaintenanceJob("webhook-secret-sweep");
      if (!outcome.ran) return console.log("skipped: another process is sweeping webhook secrets right now");
      const { retired, deferred } = outcome.result;
      return console.log(`retired ${retired} secret(s)${deferred ? `; ${deferred} deferred (provider unreachable), retried next sweep` : ""}`);
    }
    throw new UsageError(`unknown webhooks subcommand "${sub ?? ""}"`);
  },
};
