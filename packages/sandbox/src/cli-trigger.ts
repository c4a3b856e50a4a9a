// `beacon-sandbox trigger`: like `stripe trigger`, against a running sandbox over its control API.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

export const TRIGGER_USAGE = `Usage: beacon-sandbox trigger <event> [options]
       beacon-sandbox trigger [<event>] --fixture <file.json>
       beacon-sandbox trigger --list [--provider stripe|conekta]

  --url <url>           the sandbox (default $BEACON_SANDBOX_URL or http://127.0.0.1:12111)
  --key <key>           a Stripe test key (default sk_test_sandbox)
  --provider <name>     stripe (default) or conekta
  --account <id>        act in this Stripe connected account or Conekta account
  --fixture <file>      run a fixture file in the Stripe CLI's format (its event: the argument,
                        or the file's name without .json)
  --list                print the events the sandbox can trigger`;

class UsageError extends Error {}

async function call(url: string, key: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url.replace(/\/$/, "")}/_sandbox/${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = (await response.json()) as { error?: { message?: string } };
  if (!response.ok) throw new Error(answer.error?.message ?? `the sandbox answered ${response.status}`);
  return answer;
}

/** Runs the subcommand; resolves to the process exit code. */
export async function triggerCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        key: { type: "string" },
        provider: { type: "string" },
        account: { type: "string" },
        fixture: { type: "string" },
        list: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(TRIGGER_USAGE);
      return 0;
    }
    const url = values.url ?? process.env.BEACON_SANDBOX_URL ?? "http://127.0.0.1:12111";
    const key = values.key ?? "sk_test_sandbox";
    const provider = values.provider ?? "stripe";
    if (values.list) {
      const lists = (await call(url, key, "GET", "triggers")) as Record<string, string[]>;
      const events = lists[provider];
      if (!events) throw new UsageError(`Unknown provider "${provider}"; use stripe or conekta.`);
      console.log(events.join("\n"));
      return 0;
    }
    const fixture = values.fixture ? (JSON.parse(readFileSync(values.fixture, "utf8")) as unknown) : undefined;
    const event = positionals[0] ?? values.fixture?.replace(/^.*\//, "").replace(/\.json$/, "");
    if (!event) throw new UsageError("trigger needs an event type (trigger --list prints them) or --fixture <file.json>");
    const result = (await call(url, key, "POST", "trigger", { provider, event, account: values.account, fixture })) as {
      event_id: string;
      account: string;
      events: { id: string; type: string }[];
    };
    for (const e of result.events) console.log(`${e.id}  ${e.type}`);
    console.log(`Triggered ${event}: ${result.event_id} (account ${result.account})`);
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(`beacon-sandbox trigger: ${(err as Error).message}${usage ? `\n\n${TRIGGER_USAGE}` : ""}`);
    return usage ? 2 : 1;
  }
}
