import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { logger } from "@/lib/utils/logger";
import { spawnSandbox, type SandboxProcess } from "./spawn-sandbox";

const globalForSandbox = globalThis as unknown as { beaconSandbox?: Promise<SandboxProcess> };

/**
 * With no provider keys, the server starts the offline sandbox as its own child process, with its
 * state in the data folder so it survives restarts; it stops when this process does. Started
 * once even if Next re-runs start-up; with BEACON_SANDBOX_URL the app uses that one instead.
 */
export async function startSandbox() {
  const sandbox = env.sandbox;
  if (!sandbox?.spawn) return null;
  globalForSandbox.beaconSandbox ??= spawnSandbox({
    dataDir: env.dataDir,
    port: sandbox.port,
    // Beacon keeps serving, but every provider call fails until the server is restarted.
    onUnexpectedExit: (exit) => logger.error({ ...exit, url: sandbox.url }, "provider sandbox process exited; restart the server"),
  });
  const started = await globalForSandbox.beaconSandbox;
  logger.info({ url: started.url, pid: started.pid, state: path.join(env.dataDir, "sandbox") }, "provider sandbox running as a child process (no provider keys configured)");
  return started;
}
