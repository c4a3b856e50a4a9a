import "server-only";
import { prepareDatabase } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { env } from "@/lib/env";
import { logger } from "@/lib/utils/logger";
import { scheduleMaintenance } from "./schedule-maintenance";
import { startSandbox } from "./start-sandbox";
import { warmRoutesInBackground } from "./warm-routes";

/** The demo organization's plans and sandbox connections; a failure leaves the app usable. */
async function setUpDemo() {
  const { setUpDemoBilling } = await import("@/lib/checkouts/set-up-demo-billing");
  try {
    const done = await setUpDemoBilling();
    if (done.length) logger.info({ org: "demo", done }, "set up the demo organization's billing");
  } catch (error) {
    logger.warn({ err: error }, "could not set up the demo organization's billing; connect it from the dashboard");
  }
}

export async function startServer() {
  await prepareDatabase();
  if (env.seedDemo) {
    const { created } = await seedDemo();
    if (created) logger.info({ org: "demo" }, "seeded the demo organization");
  }
  await startSandbox();
  if (env.seedDemo && env.sandbox) await setUpDemo();
  scheduleMaintenance();
  if (env.inProcessWorker) (await import("@/lib/webhooks/worker/start-in-process-worker")).startInProcessWorker();
  logger.info({ database: env.embeddedDatabase ? `embedded PGlite in ${env.dataDir}` : "postgresql" }, "beacon ready");
  warmRoutesInBackground();
}
