import path from "node:path";
import { defineConfig } from "vitest/config";
import { app as base } from "../../vitest.config.mts";

// `npm run test:security`: the tenant-isolation matrix, the fuzzers, the webhook attacks and the
// secrets scan, on the default config's aliases and global setup (one PGlite or PostgreSQL
// database and one provider sandbox per run). The default config excludes this folder, so CI
// runs these once, after the build and the e2e run whose output the secrets scan reads.
const root = path.resolve(import.meta.dirname, "../..");
// Set by scripts/test-security.mjs from `--seed`; fixed unless asked otherwise, so CI is repeatable.
const seed = Number(process.env.BEACON_FUZZ_SEED ?? 20_261_205);

export default defineConfig({
  root,
  resolve: base.resolve,
  test: {
    ...base.test,
    include: ["lib/security-tests/**/*.test.ts"],
    exclude: ["node_modules/**"],
    provide: { fuzzSeed: seed, fuzzRuns: Number(process.env.BEACON_FUZZ_RUNS ?? 0) },
    // The fuzzers call /v1 far faster than any client should; the rate limit has its own tests.
    env: { BEACON_RATE_LIMIT_PER_MINUTE: "1000000" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
