import fc from "fast-check";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { db } from "@/db";
import { problemTypeBase } from "@/lib/api/errors";

// Shared by the fuzzers: the run's seed, bodies that are almost right, the problem+json
// contract every refusal must meet, and a fingerprint of everything an organization owns.

declare module "vitest" {
  export interface ProvidedContext {
    /** From vitest.security.config.mts: `--seed`, or a fixed one. */
    fuzzSeed: number;
    /** Runs per property from `--runs`; 0 lets each test pick its short-mode default. */
    fuzzRuns: number;
  }
}

const seed = inject("fuzzSeed");
const runsOverride = inject("fuzzRuns");

/**
 * fc.assert with the run's seed and the short-mode run count (unless `--runs` says otherwise);
 * a failure says how to replay it.
 */
export async function fuzzCheck<T>(property: fc.IAsyncProperty<T>, numRuns: number) {
  try {
    await fc.assert(property, { seed, numRuns: runsOverride || numRuns, endOnFailure: true });
  } catch (error) {
    const replay = `replay with: npm run test:security -- --seed ${seed}${runsOverride ? ` --runs ${runsOverride}` : ""}`;
    if (error instanceof Error) error.message = `${replay}\n${error.message}`;
    throw error;
  }
}

/** Per test file: how many runs, and which statuses they got (printed, so a fuzzer that only ever hits 415 shows). */
export const fuzzStats = { runs: 0, statuses: {} as Record<number, number> };
export const countStatus = (status: number) => {
  fuzzStats.runs++;
  fuzzStats.statuses[status] = (fuzzStats.statuses[status] ?? 0) + 1;
};

const json = fc.jsonValue({ maxDepth: 3 });
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\ufeff", "../../etc/passwd", "' OR 1=1 --", "<script>", "NaN", "-1", "1e309", "00000000-0000-0000-0000-000000000000"),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 3000 }),
);

/** A body as sent: JSON text, usually the valid one with fields dropped, replaced or added; sometimes not JSON at all. */
export function bodyNear(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(valid);
  const field = (k: string) => fc.oneof({ weight: 2, arbitrary: fc.constant(valid[k]) }, { weight: 2, arbitrary: nasty }, json, fc.constant(undefined));
  const mutated = fc
    .tuple(fc.record(Object.fromEntries(keys.map((k) => [k, field(k)]))), fc.dictionary(fc.string({ maxLength: 12 }), json, { maxKeys: 2 }))
    .map(([fields, extra]) => JSON.stringify({ ...extra, ...fields }));
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: json.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constant(JSON.stringify(valid)) },
  );
}

/** Mostly JSON; sometimes a type a JSON route must refuse. */
export const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  { weight: 1, arbitrary: fc.constantFrom("application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "", "application/merge-patch+json") },
);

/** The refusal contract: never 5xx; a 4xx is RFC 9457 problem+json naming the fault, and a 422 names its fields. */
export async function assertProblemContract(res: Response, label: string) {
  const text = await res.clone().text();
  const fail = (why: string) => {
    throw new Error(`${label}: ${why} (status ${res.status}, body ${text.slice(0, 300)})`);
  };
  if (res.status >= 500) fail("5xx");
  if (res.status < 400) return;
  if (!(res.headers.get("content-type") ?? "").startsWith("application/problem+json")) fail("a 4xx that is not application/problem+json");
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return fail("a problem+json body that is not JSON");
  }
  for (const key of ["type", "title", "detail"]) if (typeof problem[key] !== "string" || !(problem[key] as string).trim()) fail(`no ${key}`);
  if (!(problem.type as string).startsWith(problemTypeBase)) fail("type is not a documented problem URI");
  if (problem.status !== res.status) fail("status in the body differs from the answer's");
  if (res.status === 422) {
    const errors = problem.errors as { field?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(errors) || errors.length === 0) fail("a 422 without errors[]");
    for (const e of errors!) if (typeof e.field !== "string" || typeof e.message !== "string") fail("an errors[] entry without field and message");
  }
}

let orgTables: string[] | null = null;

/**
 * Row count and content hash of every table with an `organization_id`, for one organization:
 * equal before and after a refused request proves nothing was written, not even part of it.
 * Request logs (`checkout_requests`, `webhook_rejections`) record refusals on purpose, so they
 * are left out; so is `api_tokens` for /v1 calls, which stamp its `last_used_at`.
 */
export async function orgFootprint(organizationId: string, skip: string[] = []) {
  orgTables ??= (
    await db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.columns where column_name = 'organization_id' and table_schema = 'public' order by table_name`,
    )
  ).map((r) => r.table_name);
  const ignored = new Set(["checkout_requests", "webhook_rejections", ...skip]);
  const parts: string[] = [];
  for (const table of orgTables.filter((t) => !ignored.has(t))) {
    const [row] = await db.execute<{ n: string; h: string | null }>(
      sql`select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${sql.identifier(table)} t where t.organization_id = ${organizationId}`,
    );
    parts.push(`${table}:${row!.n}:${row!.h ?? "-"}`);
  }
  return parts.join("\n");
}
