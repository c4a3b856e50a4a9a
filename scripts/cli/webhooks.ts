import { parseArgs } from "node:util";
import { and, eq, isNull } from "drizzle-orm";
import { db } from "@/db";
import { prepareDatabase } from "@/db/migrate";
import { webhookEndpoints } from "@/db/schema";
import { rotateEndpointSecret } from "@/lib/connections/rotate-webhook-secret";
import { sweepWebhookSecrets } from "@/lib/connections/sweep-webhook-secrets";
import { organizationBySlug } from "./organization-by-slug";
import { UsageError, type CliCommand } from "./types";

const actor = { system: "ops CLI" };

async function rotate(args: string[]) {
  const { values } = parseArgs({ args, options: { provider: { type: "string" }, mode: { type: "string" }, org: { type: "string" } } });
  if (values.mode !== "test" && values.mode !== "live") throw new UsageError("--mode is test or live");
  const mode = values.mode;
  let endpoints;
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
  for (const endpoint of endpoints) {
    const { retiresAt } = await rotateEndpointSecret(db, endpoint, actor);
    console.log(`${endpoint.kind} ${endpoint.id}: new secret active; the previous one verifies until ${retiresAt}`);
  }
}

export const webhooks: CliCommand = {
  usage: `webhooks rotate --provider stripe --mode <test|live>
  webhooks rotate --provider conekta --org <slug> --mode <test|live>
                                  new signing secret; the old one verifies for BEACON_SECRET_OVERLAP_HOURS
  webhooks sweep                  retire secrets whose overlap has ended (at the provider too)`,
  async run([sub, ...rest]) {
    await prepareDatabase();
    if (sub === "rotate") return rotate(rest);
    if (sub === "sweep") {
      const { retired, deferred } = await sweepWebhookSecrets(db);
      return console.log(`retired ${retired} secret(s)${deferred ? `; ${deferred} deferred (provider unreachable), retried next sweep` : ""}`);
    }
    throw new UsageError(`unknown webhooks subcommand "${sub ?? ""}"`);
  },
};
