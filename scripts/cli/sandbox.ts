import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { formatDuration, parseDuration } from "@/lib/utils/duration";
import { CliError, UsageError, type CliCommand } from "./types";

// Drives the running sandbox over its control API (the app serves it during `npm run dev`);
// the control API takes form-encoded bodies like the Stripe API it sits beside.

async function control(method: "GET" | "POST", path: string, body?: Record<string, string | number | undefined>) {
  const sandbox = env.sandbox;
  if (!sandbox) throw new CliError("the sandbox is off: provider keys are configured (set BEACON_SANDBOX=on to use it anyway)");
  let response: Response;
  try {
    response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
      method,
      headers: { authorization: `Bearer ${env.stripeKeys.test}`, "content-type": "application/x-www-form-urlencoded" },
      body: body && new URLSearchParams(Object.entries(body).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))),
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

async function trigger(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { provider: { type: "string", default: "stripe" }, account: { type: "string" } },
  });
  const [event] = positionals;
  if (!event) throw new UsageError("sandbox trigger needs an event type, e.g. invoice.payment_failed");
  if (values.provider !== "stripe" && values.provider !== "conekta") throw new UsageError("--provider is stripe or conekta");
  const result = await control("POST", "trigger", { provider: values.provider, event, account: values.account });
  const events = result.events as { id: string; type: string }[];
  console.log(`${values.provider} ${event} emitted as ${String(result.event_id)} on account ${String(result.account)}; all events:`);
  for (const e of events) console.log(`  ${e.id}  ${e.type}${e.id === result.event_id ? "  ←" : ""}`);
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
  usage: `sandbox trigger <event-type> [--provider stripe|conekta] [--account <acct_…|key_…>]
                                  emit a provider event through the sandbox, creating what it needs
  sandbox clock [now | advance <duration>]
                                  show or move sandbox time (renewals, retries, trial ends run)`,
  async run([sub, ...rest]) {
    if (sub === "trigger") return trigger(rest);
    if (sub === "clock") return clock(rest);
    throw new UsageError(`unknown sandbox subcommand "${sub ?? ""}"`);
  },
};
