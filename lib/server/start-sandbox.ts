import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { logger } from "@/lib/utils/logger";

const globalForSandbox = globalThis as unknown as { beaconSandbox?: Promise<{ url: string }> };

/**
 * With no provider keys, the app serves the offline sandbox itself, in the same process, with its
 * state in the data folder so it survives restarts. Started once even if Next re-runs start-up.
 */
export async function startSandbox() {
  const sandbox = env.sandbox;
  if (!sandbox?.startInProcess) return null;
  globalForSandbox.beaconSandbox ??= import("@/lib/sandbox/server").then(({ createSandboxServer }) =>
    createSandboxServer({ dataDir: env.dataDir, port: sandbox.port }),
  );
  const started = await globalForSandbox.beaconSandbox;
  logger.info({ url: started.url, state: path.join(env.dataDir, "sandbox") }, "provider sandbox running (no provider keys configured)");
  return started;
}
