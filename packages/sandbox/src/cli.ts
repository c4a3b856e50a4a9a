// beacon-sandbox — runs the offline Stripe and Conekta emulation as its own process.
// Prints its URL once listening; stops on SIGINT/SIGTERM, and when the process that started it
// (over an IPC channel, as Beacon's dev server and tests do) goes away, so it never outlives it.
import { parseArgs } from "node:util";
import { triggerCommand } from "./cli-trigger";
import { createSandboxServer, type SandboxServer } from "./server";

const USAGE = `Usage: beacon-sandbox [options]
       beacon-sandbox trigger <event>|--list|--fixture <file.json>   (see beacon-sandbox trigger --help)

  --port <n>           port to listen on (default 12111; 0 picks a free one)
  --host <addr>        address to bind (default 127.0.0.1, loopback only)
  --data-dir <path>    keep state in <path>/sandbox/ across restarts (default: in memory)
  --tick-ms <n>        how often due billing work runs as real time passes; 0 disables (default 30000)
  --retry-base-ms <n>  first webhook retry delay (default: the delivery's own)
  --frozen-at <unix>   pin the sandbox clock's base instead of following real time
  -h, --help           show this help`;

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      "tick-ms": { type: "string" },
      "retry-base-ms": { type: "string" },
      "frozen-at": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const retryBaseMs = integer("retry-base-ms", values["retry-base-ms"]);
  return {
    port: integer("port", values.port) ?? 12111,
    host: values.host ?? "127.0.0.1",
    dataDir: values["data-dir"] ?? null,
    tickIntervalMs: integer("tick-ms", values["tick-ms"]),
    frozenAt: integer("frozen-at", values["frozen-at"]),
    delivery: retryBaseMs === undefined ? undefined : { retryBaseMs },
  };
}

async function main() {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`beacon-sandbox: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  // Anything that can reach a non-loopback address can drive fake payments and read its state.
  if (!LOOPBACK.has(options.host)) console.warn(`beacon-sandbox: listening on ${options.host}, not loopback; anyone who can reach it can use it`);

  let server: SandboxServer;
  try {
    server = await createSandboxServer(options);
  } catch (err) {
    console.error(`beacon-sandbox: could not listen on ${options.host}:${options.port}: ${(err as Error).message}`);
    process.exit((err as NodeJS.ErrnoException).code === "EADDRINUSE" ? 3 : 1);
  }

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    // A stuck close must not keep the process (and its port) alive.
    setTimeout(() => process.exit(1), 5_000).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`beacon-sandbox: error while stopping (${why})`, err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  if (process.send) {
    // The parent's death closes the IPC channel even when it is SIGKILLed.
    process.on("disconnect", () => stop("parent exited"));
    process.send({ type: "listening", url: server.url });
  }
  const state = options.dataDir ? `state in ${options.dataDir}/sandbox` : "state in memory";
  console.log(`beacon-sandbox listening on ${server.url} (${state})`);
}

if (process.argv[2] === "trigger") void triggerCommand(process.argv.slice(3)).then((code) => process.exit(code));
else void main();
