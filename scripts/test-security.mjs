#!/usr/bin/env node
// npm run test:security [-- --seed <n>|random] [--runs <n>] [vitest args…]
// The fuzzers' seed travels to the tests as BEACON_FUZZ_SEED (the config provides it); a failing
// property prints the seed and path to replay it with `--seed <n>`.
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const rest = [];
const env = { ...process.env };
for (let i = 0; i < args.length; i++) {
  const value = args[i + 1];
  if (args[i] === "--seed") {
    env.BEACON_FUZZ_SEED = value === "random" ? String(Math.floor(Math.random() * 2 ** 31)) : value;
    i++;
  } else if (args[i] === "--runs") {
    env.BEACON_FUZZ_RUNS = value;
    i++;
  } else rest.push(args[i]);
}
if (env.BEACON_FUZZ_SEED !== undefined && !/^\d+$/.test(env.BEACON_FUZZ_SEED)) {
  console.error(`--seed takes a whole number or "random", not ${env.BEACON_FUZZ_SEED}`);
  process.exit(2);
}
if (env.BEACON_FUZZ_SEED) console.log(`fuzz seed ${env.BEACON_FUZZ_SEED} (replay: npm run test:security -- --seed ${env.BEACON_FUZZ_SEED})`);
const result = spawnSync("npx", ["vitest", "run", "-c", "lib/security-tests/vitest.security.config.mts", ...rest], { stdio: "inherit", env });
process.exit(result.status ?? 1);
