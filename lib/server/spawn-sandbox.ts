import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// Starts the provider sandbox (the @beacon/sandbox workspace package) as a child process through
// its `beacon-sandbox` bin. The app never imports the sandbox: it reaches it over HTTP only.

export interface SandboxProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface SpawnSandboxOptions {
  port: number;
  /** State in `<dataDir>/sandbox/`; null keeps it in memory. */
  dataDir: string | null;
  /** 0 stops real time from running due billing work (tests advance the clock themselves). */
  tickMs?: number;
  retryBaseMs?: number;
  /** Attempts while the port is still held, e.g. by the sandbox of a dev server being restarted. */
  attempts?: number;
  /** Called if the sandbox dies on its own after it started (not after stop()). */
  onUnexpectedExit?: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void;
}

// Exit code the bin uses when its port is taken.
const EADDRINUSE_EXIT = 3;

// Resolved from the working directory that `next dev`/`next start`/vitest run in (the repo root).
// The package is a separate program run from node_modules, not part of the server bundle, so
// the bundler is told not to trace it (it would otherwise trace the whole project).
function binPath(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "node_modules", "@beacon", "sandbox", "bin", "beacon-sandbox.mjs");
}

function flags(options: SpawnSandboxOptions): string[] {
  const args = ["--port", String(options.port), "--host", "127.0.0.1"];
  if (options.dataDir) args.push("--data-dir", options.dataDir);
  if (options.tickMs !== undefined) args.push("--tick-ms", String(options.tickMs));
  if (options.retryBaseMs !== undefined) args.push("--retry-base-ms", String(options.retryBaseMs));
  return args;
}

function startOnce(options: SpawnSandboxOptions): Promise<{ child: ChildProcess; url: string }> {
  // Same process group as the server: Ctrl-C and `kill -- -PGID` reach both. The IPC channel
  // tells the child when this process is gone, even after a SIGKILL, so it never lingers.
  const child = spawn(process.execPath, [binPath(), ...flags(options)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // Not the server's NODE_OPTIONS: an --inspect or a loader meant for Next is not the sandbox's.
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      reject(Object.assign(new Error(`beacon-sandbox exited before listening (${signal ?? `code ${code}`})`), { exitCode: code }));
    child.once("error", reject);
    child.once("exit", onExit);
    child.on("message", (message: { type?: string; url?: string }) => {
      if (message?.type !== "listening" || !message.url) return;
      child.off("exit", onExit);
      resolve({ child, url: message.url });
    });
  });
}

export async function spawnSandbox(options: SpawnSandboxOptions): Promise<SandboxProcess> {
  const attempts = options.attempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      const { child, url } = await startOnce(options);
      let stopping = false;
      const exited = new Promise<void>((resolve) =>
        child.once("exit", (code, signal) => {
          if (!stopping) options.onUnexpectedExit?.({ code, signal });
          resolve();
        }),
      );
      const kill = () => child.kill("SIGTERM");
      process.once("exit", kill);
      // Neither the child nor its channel keeps this process alive on their own.
      child.unref();
      child.channel?.unref();
      return {
        url,
        pid: child.pid!,
        async stop() {
          stopping = true;
          process.off("exit", kill);
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          await exited;
        },
      };
    } catch (err) {
      const inUse = (err as { exitCode?: number }).exitCode === EADDRINUSE_EXIT;
      if (!inUse || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}
