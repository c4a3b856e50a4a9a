import path from "node:path";
import { defineConfig, type ViteUserConfig } from "vitest/config";

// The app's tests: one database and one provider sandbox process per run (lib/testing/global-setup.ts).
export const app = {
  resolve: {
    alias: {
      "@": import.meta.dirname,
      // Server modules import "server-only", which only resolves under React's server condition.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    name: "app",
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "packages/**", "e2e/**", ".next/**", ".data/**", "lib/security-tests/**"],
    globalSetup: ["./lib/testing/global-setup.ts"],
    setupFiles: ["./lib/testing/setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
} satisfies ViteUserConfig;

// `npm test` runs both: the app, and each workspace package with its own config (the sandbox's
// tests start it in-process, which only the package itself may do).
export default defineConfig({
  test: {
    projects: [app, "packages/*"],
  },
});
