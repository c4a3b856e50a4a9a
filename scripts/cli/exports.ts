import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { parseArgs } from "node:util";
import { prepareDatabase } from "@/db/migrate";
import type { OrgContext } from "@/lib/auth/context";
import { parseInput } from "@/lib/api/parse";
import { exportRecords } from "@/lib/exports/export-records";
import { exportKinds, exportQuery, type ExportKind } from "@/lib/validations/revenue";
import { organizationBySlug } from "./organization-by-slug";
import { UsageError, type CliCommand } from "./types";

/** The CLI acts for one organization as Beacon itself (audited as `cli`). */
export async function cliContext(slug: string | undefined): Promise<OrgContext> {
  if (!slug) throw new UsageError("--org <slug> is required");
  const { id, name } = await organizationBySlug(slug);
  return { organization: { id, slug, name }, role: null, principal: { type: "system", name: "cli" } };
}

export const exportCommand: CliCommand = {
  usage: `export invoices|subscriptions|events --org <slug> [--month 2026-11] [--mode test|live] [--format csv|json] [--out file]
                                  stream one month as CSV (RFC 4180) or JSON to stdout or a file`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { org: { type: "string" }, month: { type: "string" }, mode: { type: "string" }, format: { type: "string" }, out: { type: "string" } },
    });
    const kind = positionals[0];
    if (!exportKinds.includes(kind as ExportKind)) throw new UsageError(`export takes one of ${exportKinds.join(", ")}`);
    const query = parseInput(exportQuery, { month: values.month, mode: values.mode, format: values.format }, "options");
    await prepareDatabase();
    const ctx = await cliContext(values.org);
    const file = await exportRecords({ ctx, input: { ...query, kind: kind as ExportKind } });
    await pipeline(Readable.fromWeb(file.body as NodeReadableStream<Uint8Array>), values.out ? createWriteStream(values.out) : process.stdout);
    if (values.out) console.error(`wrote ${values.out}`);
  },
};
