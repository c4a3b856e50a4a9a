import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { db } from "@/db";
import { prepareDatabase } from "@/db/migrate";
import type { Provider } from "@/db/schema";
import { getEnabledConnection, loadConnectionHandle } from "@/lib/connections/load-connection";
import { env } from "@/lib/env";
import { formatDuration, parseDuration } from "@/lib/utils/duration";
import { organizationBySlug } from "./organization-by-slug";
import { CliError, UsageError, type CliCommand } from "./types";

// Drives the running sandbox over its control API (`npm run dev` starts it as a child process);
// the control API takes form-encoded bodies like the Stripe API it sits beside.

type ControlBody = Record<string, string | number | undefined>;

// Form-encoded like the Stripe API beside it; a fixture document goes as JSON.
function encode(body: ControlBody | { json: unknown } | undefined) {
  if (!body) return { type: "application/x-www-form-urlencoded", body: undefined };
  if ("json" in body) return { type: "application/json", body: JSON.stringify(body.json) };
  return { type: "application/x-www-form-urlencoded", body: new URLSearchParams(Object.entries(body).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))) };
}

async function control(method: "GET" | "POST", path: string, body?: ControlBody | { json: unknown }) {
  const sandbox = env.sandbox;
  if (!sandbox) throw new CliError("the sandbox is off: provider keys are configured (set BEACON_SANDBOX=on to use it anyway)");
  let response: Response;
  const encoded = encode(body);
  try {
    response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
      method,
      headers: { authorization: `Bearer ${env.stripeKeys.test}`, "content-type": encoded.type },
      body: encoded.body,
    });
  } catch {
    throw new CliError(`no sandbox answers at ${sandbox.url}: start the app (npm run dev) or set BEACON_SANDBOX_URL`);
  }
  const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = payload.error as { message?: string } | undefined;
    throw new CliError(`sandbox answered ${response.status}: ${error?.message ?? JSON.stringify(payload)}`);
  }
  return payload;
}

const when = (unix: unknown) => new Date(Number(unix) * 1000).toISOString();

/** The sandbox account behind an organization's test connection: Stripe's acct_, Conekta's key. */
async function connectedAccount(provider: Provider, slug: string): Promise<string> {
  await prepareDatabase();
  const organization = await organizationBySlug(slug);
  const connection = await getEnabledConnection(db, organization.id, "test", provider);
  if (!connection) throw new CliError(`"${slug}" has no enabled ${provider} connection in test mode: connect it first, or pass --account`);
  const handle = await loadConnectionHandle(db, connection.id);
  const account = provider === "stripe" ? handle.connection.accountId : handle.credential;
  if (!account) throw new CliError(`the ${provider} connection of "${slug}" has no account yet`);
  return account;
}

async function trigger(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      provider: { type: "string", default: "stripe" },
      org: { type: "string", default: "demo" },
      account: { type: "string" },
      fixture: { type: "string" },
      list: { type: "boolean", default: false },
    },
  });
  const provider = values.provider;
  if (provider !== "stripe" && provider !== "conekta") throw new UsageError("--provider is stripe or conekta");
  if (values.list) {
    const lists = (await control("GET", "triggers")) as Record<string, string[]>;
    for (const name of lists[provider] ?? []) console.log(name);
    return;
  }
  // A user's own fixture file (the Stripe CLI's format); its name is the event unless one is given.
  const fixture = values.fixture ? await readFixture(values.fixture) : undefined;
  const event = positionals[0] ?? (values.fixture ? basename(values.fixture).replace(/\.json$/, "") : undefined);
  if (!event) throw new UsageError("sandbox trigger needs an event type, e.g. invoice.payment_failed (sandbox trigger --list prints them)");
  if (fixture && provider !== "stripe") throw new UsageError("--fixture runs Stripe fixture files; use it with --provider stripe");
  // Events land in an organization's connected account, so Beacon files them under it.
  const account = values.account ?? (await connectedAccount(provider, values.org));
  const result = await control("POST", "trigger", fixture ? { json: { provider, event, account, fixture } } : { provider, event, account });
  const events = result.events as { id: string; type: string }[];
  console.log(`${provider} ${event} emitted as ${String(result.event_id)} on account ${String(result.account)}; all events:`);
  for (const e of events) console.log(`  ${e.id}  ${e.type}${e.id === result.event_id ? "  ←" : ""}`);
}

async function readFixture(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch (err) {
    throw new CliError(`cannot read fixture ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function clock([sub, duration]: string[]) {
  if (sub === undefined || sub === "now") {
    const { now } = await control("GET", "clock");
    return console.log(`sandbox time: ${when(now)}`);
  }
  if (sub !== "advance") throw new UsageError(`unknown sandbox clock subcommand "${sub}"`);
  const seconds = duration ? parseDuration(duration) : null;
  if (seconds === null) throw new UsageError(`"${duration ?? ""}" is not a duration: use e.g. 30m, 2h, 3d, 1w or 1d12h`);
  const { now, steps } = await control("POST", "clock/advance", { seconds });
  console.log(`advanced ${formatDuration(seconds)}: sandbox time is now ${when(now)} (${String(steps)} scheduled steps ran)`);
}

export const sandbox: CliCommand = {
  usage: `sandbox trigger <event-type> [--provider stripe|conekta] [--org <slug, default demo> | --account <acct_…|key_…>]
                                  emit a provider event in the organization's connected account, creating what it needs
  sandbox trigger [<event-type>] --fixture <file.json>
                                  run your own fixture file (the Stripe CLI's format); the event defaults to the file's name
  sandbox trigger --list [--provider stripe|conekta]
                                  print the events the sandbox can trigger
  sandbox clock [now | advance <duration>]
                                  show or move sandbox time (renewals, retries, trial ends run)`,
  async run([sub, ...rest]) {
    if (sub === "trigger") return trigger(rest);
    if (sub === "clock") return clock(rest);
    throw new UsageError(`unknown sandbox subcommand "${sub ?? ""}"`);
  },
};
