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
  if (isProduction && !process.env.NEXT_PHASE?.includes("build")) {
    throw new Error("NEXTAUTH_SECRET is required in production (openssl rand -base64 32)");
  }
  return devSecret("auth");
}

let cachedAuthSecret: string | undefined;

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
  get authSecret() {
    return (cachedAuthSecret ??= authSecret());
  },
};

export type Env = typeof env;
