import path from "node:path";
import { ESLint } from "eslint";
import { expect, test } from "vitest";

// The layering rules of ARCHITECTURE.md live in eslint.config.mjs; these prove each one still
// refuses what it should (and lets through what it should), so a rule lost in an edit of the
// config fails here rather than silently.
const eslint = new ESLint({ cwd: path.resolve(__dirname, "..") });

async function refusals(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => /no-restricted-imports$/.test(m.ruleId ?? "")).map((m) => m.message.split(" import")[0]);
}

test.each([
  ["transport imports no database", "app/probe/route.ts", 'import { db } from "@/db";\nexport const x = db;\n', ["'@/db'"]],
  ["transport may use row types", "components/probe.tsx", 'import type { Plan } from "@/db/schema";\nexport type X = Plan;\n', []],
  ["the domain makes no ApiError", "lib/plans/probe.ts", 'import { ApiError } from "@/lib/api/errors";\nexport const x = ApiError;\n', ["'ApiError'"]],
  ["the edge does", "lib/api/probe.ts", 'import { ApiError } from "@/lib/api/errors";\nexport const x = ApiError;\n', []],
  ["the app imports no sandbox code", "lib/testing/probe.ts", 'import { x } from "@beacon/sandbox";\nexport const y = x;\n', ["'@beacon/sandbox'"]],
  ["the sandbox imports no app code", "packages/sandbox/src/probe.ts", 'import { env } from "@/lib/env";\nexport const y = env;\n', ["'@/lib/env'"]],
])("%s", async (_rule, filePath, code, refused) => {
  expect(await refusals(filePath, code)).toEqual(refused);
}, 60_000);
