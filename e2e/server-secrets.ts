// The e2e server's secrets and where its output goes, shared by the Playwright config and the
// security suite's secrets scan (which must know the values to look for them in the log).

/** The server's stdout and stderr, written by the webServer command (relative to the repo root). */
export const serverLogFile = "e2e/.artifacts/e2e-server.log";

/** Given the environment Playwright runs in; the scan also asks for the defaults (`{}`). */
export function e2eServerSecrets(env: Record<string, string | undefined> = process.env) {
  return {
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? "e2e-only-secret-0123456789abcdefghijklmnop",
    // `next start` is production: the vault needs a configured master key (32 bytes, base64).
    BEACON_VAULT_KEYS: env.BEACON_VAULT_KEYS ?? `e2e:${Buffer.alloc(32, 42).toString("base64")}`,
  };
}
