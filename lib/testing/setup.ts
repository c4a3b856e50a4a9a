// Runs in every test worker before the test file is imported: point lib/env at the run's database.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.BEACON_SANDBOX = "on";
process.env.BEACON_SANDBOX_URL = inject("sandboxUrl");
process.env.BEACON_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "beacon-test-"));
// One vault key for every worker: they share the run's database, so what one seals the others open.
process.env.BEACON_VAULT_KEYS ??= `test:${Buffer.alloc(32, 7).toString("base64")}`;
