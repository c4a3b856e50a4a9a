import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

// ARCHITECTURE.md is the newcomers' map, and a map naming files that moved misleads. Every
// backticked repository path in it must exist; a bare file name (`read-body.ts`, after
// `lib/webhooks/ingest/ingest-delivery.ts`) must exist in a folder the map names.
const root = path.resolve(__dirname, "..");
const topLevel = /^(app|pages|components|lib|db|scripts|packages|e2e|public)\//;
const bareFile = /^[\w.[\]-]+\.(ts|tsx|mjs|md)$/;

function missingPaths(markdown: string): string[] {
  const named = [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!).filter((s) => !s.includes("<") && (topLevel.test(s) || bareFile.test(s)));
  const folders = [...new Set(named.filter((p) => topLevel.test(p)).map((p) => (p.endsWith("/") ? p : path.dirname(p))))];
  const exists = (p: string) => existsSync(path.join(root, p));
  return named.filter((p) => !exists(p) && !(bareFile.test(p) && folders.some((folder) => exists(path.join(folder, p)))));
}

test("ARCHITECTURE.md names only files and folders that exist", () => {
  const markdown = readFileSync(path.join(root, "ARCHITECTURE.md"), "utf8");
  expect(markdown.match(/`(app|pages|lib|db)\/[^`]+`/g)?.length).toBeGreaterThan(40);
  expect(missingPaths(markdown)).toEqual([]);
});

test("a moved file or folder is reported", () => {
  expect(missingPaths("`lib/webhooks/ingest/ingest-delivery.ts` reads `read-body.ts`, `gone.ts` and `lib/nowhere/`")).toEqual(["gone.ts", "lib/nowhere/"]);
});
