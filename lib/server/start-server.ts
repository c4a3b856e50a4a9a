import "server-only";
import { prepareDatabase } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { env } from "@/lib/env";
import { logger } from "@/lib/utils/logger";
import { startSandbox } from "./start-sandbox";

export async function startServer() {
  await prepareDatabase();
  if (env.seedDemo) {
    const { created } = await seedDemo();
    if (created) logger.info({ org: "demo" }, "seeded the demo organization");
  }
  await startSandbox();
  logger.info({ database: env.embeddedDatabase ? `embedded PGlite in ${env.dataDir}` : "postgresql" }, "beacon ready");
}
