import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { e2eServerSecrets, serverLogFile } from "@/e2e/server-secrets";

// Secrets must never reach the browser or the logs. This scans what `npm run build` ships to
// browsers (.next/static) and what the e2e server printed (its log, written by the Playwright
// webServer) for anything secret-shaped. Run after `npm run build` and `npm run test:e2e`, as
// CI does; locally, a missing build or log skips with a message (in CI it fails).

const root = path.resolve(import.meta.dirname, "../..");
const staticDir = path.join(root, ".next/static");
const logFile = path.join(root, serverLogFile);
const inCi = Boolean(process.env.CI);

/** Known secret values: the e2e server's (its defaults and whatever the environment overrides), and the test run's vault key. */
function knownSecrets() {
  const values = [e2eServerSecrets({}), e2eServerSecrets(process.env)].flatMap((s) => [s.NEXTAUTH_SECRET, ...vaultKeyValues(s.BEACON_VAULT_KEYS)]);
  return [...new Set([...values, ...vaultKeyValues(process.env.BEACON_VAULT_KEYS ?? "")])].filter((v) => v.length >= 16);
}

/** BEACON_VAULT_KEYS is `id:base64[,id:base64…]`; the base64 part is the secret. */
const vaultKeyValues = (keys: string) => keys.split(",").map((k) => k.slice(k.indexOf(":") + 1).trim());

const patterns: { name: string; regex: RegExp }[] = [
  { name: "Stripe secret or restricted key", regex: /\b(?:sk|rk)_(?:test|live)_[0-9A-Za-z]{10,}/g },
  { name: "Stripe webhook secret", regex: /\bwhsec_[0-9A-Za-z+/=]{16,}/g },
  { name: "Conekta private key", regex: /\bkey_[0-9A-Za-z_]{12,}/g },
  { name: "Beacon API token", regex: /\bbcn_(?:test|live)_[0-9A-Za-z]{32}\b/g },
  // Card-network prefixes only (Visa, Mastercard, Amex, Diners, JCB, Discover): a pino `time` is also 13 digits.
  // A run of digits inside a longer token (a hex digest, an id) is part of that token, not a card.
  { name: "card number", regex: /(?<![0-9A-Za-z])(?:4|5[1-5]|2[2-7]|3[0478]|35|6)[0-9]{12,18}(?![0-9A-Za-z])/g },
];

function luhn(digits: string) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * What is provably not a secret, each with why. Matches are compared whole.
 * (Empty today: the prefixes in help texts, `sk_test_…` and `key_…`, are too short to match.)
 */
const allowlist: { match: RegExp; why: string }[] = [];

export function findSecrets(text: string, where: string) {
  const found: string[] = [];
  for (const { name, regex } of patterns) {
    for (const m of text.matchAll(regex)) {
      if (name === "card number" && !luhn(m[0])) continue;
      if (allowlist.some((a) => a.match.test(m[0]))) continue;
      found.push(`${where}: ${name} ${m[0].slice(0, 12)}… at ${m.index}`);
    }
  }
  for (const secret of knownSecrets()) {
    const at = text.indexOf(secret);
    if (at >= 0) found.push(`${where}: a configured secret (${secret.slice(0, 4)}…) at ${at}`);
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function skipOrFail(missing: string, how: string) {
  if (inCi) throw new Error(`${missing} is missing; CI runs this suite after ${how}`);
  console.warn(`secrets scan: skipped, ${missing} is missing (run ${how} first)`);
}

describe("secrets scan", () => {
  it("recognises what it looks for (a scan that finds nothing must mean something)", () => {
    const samples = [
      "sk_test_51Habcdefghijklmnop",
      "rk_live_0123456789abcdef",
      `whsec_${"a".repeat(32)}`,
      "key_sandbox_0123456789ab",
      `bcn_test_${"A".repeat(32)}`,
      "card 4242424242424242 used",
      `"secret":"${e2eServerSecrets({}).NEXTAUTH_SECRET}"`,
    ];
    for (const sample of samples) expect(findSecrets(sample, "sample"), sample).toHaveLength(1);
    // Not secrets: bare prefixes, a 13-digit millisecond timestamp, a Luhn-invalid 16-digit run, and
    // a sha256 whose digits happen to hold a Luhn-valid run (a rejected delivery's bodySha256 in CI's log).
    expect(
      findSecrets('"time":1796445562123 sk_test_… key_… whsec_… 4242424242424241 "bodySha256":"0e0eaab759c260d992b33e2237dd29398382fd0893a2d42829265413866d0096"', "sample"),
    ).toEqual([]);
  });

  it("finds no secret in the client bundle (.next/static)", () => {
    if (!existsSync(staticDir)) return skipOrFail(".next/static", "`npm run build`");
    const files = filesUnder(staticDir).filter((f) => statSync(f).size < 20_000_000);
    expect(files.length).toBeGreaterThan(0);
    const found = files.flatMap((f) => findSecrets(readFileSync(f, "utf8"), path.relative(root, f)));
    expect(found).toEqual([]);
  });

  it("finds no secret in the e2e server's log", () => {
    if (!existsSync(logFile)) return skipOrFail(serverLogFile, "`npm run test:e2e`");
    const log = readFileSync(logFile, "utf8");
    expect(log.length, "an empty server log proves nothing").toBeGreaterThan(0);
    expect(findSecrets(log, serverLogFile)).toEqual([]);
  });
});
