import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Which provider it is is lib/providers' business: elsewhere, code asks traitsOf(provider) for a
// capability (or calls the adapter) instead of comparing against a provider's name.
const root = join(__dirname, "..", "..");
const scanned = ["lib", "app", "components", "pages"];
const skipped = [/^lib\/providers\//, /\.test\.tsx?$/, /^lib\/testing\//, /^lib\/webhooks\/testing\//, /test-support\.ts$/, /^lib\/security-tests\//];
const branch = /(?:===|!==)\s*"(?:stripe|conekta|stripe_connect)"|"(?:stripe|conekta)"\s*(?:===|!==)|case\s+"(?:stripe|conekta)"/;

/** Known exceptions, each with its reason; a new branch fails until it moves behind the adapter or is listed here. */
const allowed: Record<string, string> = {
  "lib/fiscal/tax-data-rules.ts": "tax data each provider's invoices need; shared with the client-side fiscal view",
  "lib/connections/endpoint-target.ts": "compares the endpoint's kind (a schema enum), which names the provider's endpoint type",
  "lib/connections/await-delivery.ts": "compares the endpoint's kind (a schema enum)",
  "lib/connections/test-webhook-signature.ts": "compares the endpoint's kind (a schema enum)",
  "components/connections/stripe-card.tsx": "the Stripe card itself, picking its own endpoints",
  "components/connections/conekta-card.tsx": "the Conekta card itself, picking its own endpoints",
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("provider branches", () => {
  it("live only in lib/providers, apart from the listed exceptions", () => {
    const offenders = scanned
      .flatMap((dir) => files(join(root, dir)))
      .map((path) => relative(root, path).split("\\").join("/"))
      .filter((path) => !skipped.some((re) => re.test(path)) && !(path in allowed))
      .flatMap((path) =>
        readFileSync(join(root, path), "utf8")
          .split("\n")
          .flatMap((line, i) => (branch.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it("lists no exception that no longer branches", () => {
    const stale = Object.keys(allowed).filter((path) => !branch.test(readFileSync(join(root, path), "utf8")));
    expect(stale).toEqual([]);
  });
});
