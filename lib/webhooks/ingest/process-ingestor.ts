import "server-only";
import { db } from "@/db";
import { createIngestor } from "./ingest-delivery";

// One ingestor (and so one inbox group-commit queue) per process, on the app's database, so
// transport (Next's webhook route) never holds the database handle itself.
let ingestor: ReturnType<typeof createIngestor> | null = null;

export function processIngestor() {
  return (ingestor ??= createIngestor(db));
}
