import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The one place that reads process.env. Every variable is documented in .env.example and
// the README's configuration table.

const boolean = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1"));

/** The shortest retention BEACON_EVENT_RETENTION_DAYS accepts. */
export const MIN_EVENT_RETENTION_DAYS = 7;
const retentionError = `must be off or a whole number of days, at least ${MIN_EVENT_RETENTION_DAYS}`;

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional().or(z.literal("").transform(() => undefined)),
  BEACON_DATA_DIR: z.string().default(".data"),
  BEACON_PUBLIC_URL: z.url().optional(),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  BEACON_SEED_DEMO: boolean,
  BEACON_DEMO_PASSWORD: z.string().min(8).default("beacon-demo-2026"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  STRIPE_TEST_SECRET_KEY: z.string().regex(/^(sk|rk)_test_/, "must be a test key (sk_test_…)").optional(),
  STRIPE_LIVE_SECRET_KEY: z.string().regex(/^(sk|rk)_live_/, "must be a live key (sk_live_…)").optional(),
  BEACON_SANDBOX: z.enum(["auto", "on", "off"]).default("auto"),
  BEACON_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(12111),
  BEACON_SANDBOX_URL: z.url().optional(),
  BEACON_VAULT_KEYS: z.string().optional(),
  BEACON_SECRET_OVERLAP_HOURS: z.coerce.number().min(0).default(24),
  BEACON_IDEMPOTENCY_TTL_HOURS: z.coerce.number().min(1).default(24),
  BEACON_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(50).default(10_000),
  BEACON_REQUEST_BUDGET_MS: z.coerce.number().int().min(100).max(28_000).default(25_000),
  BEACON_PROVIDER_ACCOUNT_RPS: z.coerce.number().min(0.1).default(20),
  BEACON_PROVIDER_ACCOUNT_BURST: z.coerce.number().int().min(1).default(40),
  BEACON_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  BEACON_TRUST_PROXY: boolean,
  BEACON_SIGNIN_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  BEACON_SIGNIN_LIMIT_PER_IP: z.coerce.number().int().min(1).default(50),
  BEACON_SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  BEACON_SIGNUP_LIMIT_PER_IP: z.coerce.number().int().min(1).default(10),
  BEACON_SIGNUP_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  BEACON_INVITE_LIMIT_PER_ORG: z.coerce.number().int().min(1).default(30),
  BEACON_INVITE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(50),
  BEACON_INVITE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  // Days a settled event stays in the hot inbox before the archive job moves it; `off` keeps
  // everything hot. At least a week: the inbox only consults the archive for events created more
  // than MIN_EVENT_RETENTION_DAYS - 1 days ago (see inbox-writer), and providers stop retrying after 3.
  BEACON_EVENT_RETENTION_DAYS: z
    .union([z.literal("off"), z.coerce.number({ error: retentionError }).int({ error: retentionError }).min(MIN_EVENT_RETENTION_DAYS, { error: retentionError })], { error: retentionError })
    .default(90),
  BEACON_CHECKOUT_STUCK_MINUTES: z.coerce.number().int().min(1).default(30),
  BEACON_WORKER: boolean,
  BEACON_WARM_ROUTES: boolean,
  /** Set by `next dev`/`next start` to the port they listen on. */
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  BEACON_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(256),
  BEACON_METRICS_TOKEN: z.string().min(16).optional(),
  BEACON_INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(30).default(7),
  BEACON_ALERT_PRIVATE_HOSTS: z.string().optional(),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "must be smtp://user:pass@host:587 or smtps://…" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  SMTP_FROM: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || "Beacon <no-reply@localhost>"),
});

function parse() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

const raw = parse();
const isProduction = raw.NODE_ENV === "production";
// `next build` evaluates server modules with NODE_ENV=production but holds no secrets and needs none.
const secretsRequired = isProduction && !process.env.NEXT_PHASE?.includes("build");
const dataDir = path.resolve(raw.BEACON_DATA_DIR);

/** In development a random secret is generated once and kept in the data folder. */
function devSecret(name: string): string {
  const file = path.join(dataDir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function authSecret(): string {
  if (raw.NEXTAUTH_SECRET) return raw.NEXTAUTH_SECRET;
  if (secretsRequired) {
    throw new Error("NEXTAUTH_SECRET is required in production (openssl rand -base64 32)");
  }
  return devSecret("auth");
}

let cachedAuthSecret: string | undefined;

export interface VaultKey {
  id: string;
  key: Buffer;
}

/**
 * BEACON_VAULT_KEYS = `id:base64key[,id:base64key…]` (32-byte keys). The first seals new
 * secrets; every listed key still opens what it sealed, which is how the master key rotates.
 */
function vaultKeys(): VaultKey[] {
  let value = raw.BEACON_VAULT_KEYS;
  if (!value) {
    if (secretsRequired) {
      throw new Error("BEACON_VAULT_KEYS is required in production (e.g. k1:$(openssl rand -base64 32))");
    }
    value = `dev:${Buffer.from(devSecret("vault"), "base64url").toString("base64")}`;
    if (raw.NODE_ENV === "development") {
      console.warn(`[beacon] BEACON_VAULT_KEYS is not set: using a generated development key in ${dataDir}/vault.secret`);
    }
  }
  return value.split(",").map((entry) => {
    const [id, encoded] = entry.trim().split(":", 2);
    const key = Buffer.from(encoded ?? "", "base64");
    if (!id || key.length !== 32) throw new Error(`BEACON_VAULT_KEYS: "${id ?? entry}" must be id:base64 of 32 bytes`);
    return { id, key };
  });
}

let cachedVaultKeys: VaultKey[] | undefined;

// The offline sandbox stands in for both providers whenever no Stripe platform key is set
// (`auto`), or when asked to. BEACON_SANDBOX_URL points at one already running elsewhere;
// otherwise the server starts `beacon-sandbox` (packages/sandbox) as its child process on
// BEACON_SANDBOX_PORT, bound to loopback.
const sandboxEnabled =
  raw.BEACON_SANDBOX === "on" || (raw.BEACON_SANDBOX === "auto" && !raw.STRIPE_TEST_SECRET_KEY && !raw.STRIPE_LIVE_SECRET_KEY);
const sandbox = sandboxEnabled
  ? {
      url: (raw.BEACON_SANDBOX_URL ?? `http://127.0.0.1:${raw.BEACON_SANDBOX_PORT}`).replace(/\/$/, ""),
      spawn: !raw.BEACON_SANDBOX_URL,
      port: raw.BEACON_SANDBOX_PORT,
    }
  : null;

export const env = {
  ...raw,
  isProduction,
  dataDir,
  /** Embedded PGlite is used whenever no DATABASE_URL is configured. */
  embeddedDatabase: !raw.DATABASE_URL,
  publicUrl: (raw.BEACON_PUBLIC_URL ?? raw.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, ""),
  /** The demo organization is seeded by default everywhere except production. */
  seedDemo: raw.BEACON_SEED_DEMO ?? !isProduction,
  githubOAuth: raw.GITHUB_ID && raw.GITHUB_SECRET ? { clientId: raw.GITHUB_ID, clientSecret: raw.GITHUB_SECRET } : undefined,
  sandbox,
  /** Beacon's own Stripe platform keys; in the sandbox, its fixed test key. */
  stripeKeys: {
    test: raw.STRIPE_TEST_SECRET_KEY ?? (sandbox ? "sk_test_beacon_sandbox_platform" : undefined),
    live: raw.STRIPE_LIVE_SECRET_KEY,
  },
  /**
   * Hosts alert webhooks may reach although they are loopback or private addresses (an internal
   * pager on the LAN; the tests' local receiver). Everything else private is refused (SSRF).
   */
  alertPrivateHosts: (raw.BEACON_ALERT_PRIVATE_HOSTS ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean),
  /** Only behind a proxy that sets X-Forwarded-For may its entries name the client. */
  trustProxy: raw.BEACON_TRUST_PROXY ?? false,
  /** `next dev` requests every route once it is up, so first visits find them compiled. */
  warmRoutes: (raw.BEACON_WARM_ROUTES ?? true) && raw.NODE_ENV === "development",
  /** Days settled events stay in the hot inbox; null: never archived. */
  eventRetentionDays: raw.BEACON_EVENT_RETENTION_DAYS === "off" ? null : raw.BEACON_EVENT_RETENTION_DAYS,
  /** In-process webhook workers: on by default, off when dedicated `beacon worker` processes run. */
  inProcessWorker: raw.BEACON_WORKER ?? raw.NODE_ENV !== "test",
  get authSecret() {
    return (cachedAuthSecret ??= authSecret());
  },
  get vaultKeys() {
    return (cachedVaultKeys ??= vaultKeys());
  },
};

export type Env = typeof env;
