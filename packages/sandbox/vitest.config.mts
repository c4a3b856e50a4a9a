import { defineConfig } from "vitest/config";

// The sandbox's own tests: in-process servers on port 0, each with its own data folder.
export default defineConfig({
  test: {
    name: "sandbox",
    root: import.meta.dirname,
    include: ["src/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
