import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { e2eServerSecrets, serverLogFile } from "./server-secrets";

// e2e runs against `next start` (run `npm run build` first). Without DATABASE_URL the server uses
// a fresh embedded database in a temporary folder; tests reach the same database through it.
// Workers re-evaluate this file, so the folder is chosen once and passed on in the environment.
process.env.BEACON_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "beacon-e2e-"));
const port = Number(process.env.BEACON_E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;

// Debian's Chromium by default (Playwright cannot download browsers here); override with
// PLAYWRIGHT_CHROMIUM_PATH, or set it empty to use Playwright's own browser.
const chromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : "");

export default defineConfig({
  testDir: ".",
  outputDir: "../test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "../playwright-report" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    // API calls made with page.request/request come "from" Beacon's pages, as the browser's own
    // fetches do: session mutations refuse a missing or foreign Origin.
    extraHTTPHeaders: { origin: baseURL },
    launchOptions: {
      executablePath: chromium || undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    // pipefail: the command fails when next does, not when tee does.
    command: `bash -c 'set -o pipefail; mkdir -p e2e/.artifacts; npx next start -p ${port} 2>&1 | tee ${serverLogFile}'`,
    cwd: "..",
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      BEACON_DATA_DIR: process.env.BEACON_E2E_DATA_DIR,
      NEXTAUTH_URL: baseURL,
      ...e2eServerSecrets(),
      BEACON_SEED_DEMO: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      // info, not warn: the secrets scan reads this log, start-up and worker lines included.
      LOG_LEVEL: "info",
      // The server starts the provider sandbox as its child process (no provider keys in e2e), on
      // its own port; it stops with the server.
      BEACON_SANDBOX: "on",
      BEACON_SANDBOX_PORT: process.env.BEACON_E2E_SANDBOX_PORT ?? "12112",
      // Every spec signs the demo user in; the throttle spec fills its own account's bucket.
      BEACON_SIGNIN_LIMIT_PER_ACCOUNT: "1000",
      // operations.spec.ts runs its alert receiver on this machine: Beacon refuses loopback
      // destinations unless the operator lists the host.
      BEACON_ALERT_PRIVATE_HOSTS: "127.0.0.1",
    },
  },
});
