import "server-only";
import { db } from "@/db";
import { eventPage, invoicePage, subscriptionPage, type ExportPage } from "@/db/queries/exports";
import { recordAudit } from "@/lib/audit/record-audit";
import type { OrgContext } from "@/lib/auth/context";
import type { ExportKind, ExportQuery } from "@/lib/validations/revenue";
import { monthStart } from "@/lib/revenue/window";
import { exportColumns, type Column } from "./columns";
import { csvRecord } from "./csv";

export const exportPageSize = 500;

const pages = { invoices: invoicePage, subscriptions: subscriptionPage, events: eventPage } satisfies Record<ExportKind, unknown>;

export interface ExportInput extends ExportQuery {
  kind: ExportKind;
}

/**
 * One month of the organization's invoices, subscriptions or event log in one mode, as CSV or
 * JSON, streamed: each pull of the stream reads one keyset page (`exportPageSize` rows) and
 * writes it, so memory holds one page whatever the month's size, and a reader that stops early
 * stops the reading. The download is audited.
 */
export async function exportRecords({ ctx, input: query, pageSize = exportPageSize, now = new Date() }: { ctx: OrgContext; input: ExportInput; pageSize?: number; now?: Date }) {
  const input = { ...query, month: query.month ?? now.toISOString().slice(0, 7) };
  const from = monthStart(input.month);
  const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  const read = pages[input.kind] as (db_: typeof db, page: ExportPage) => Promise<({ id: string; cursor: string } & Record<string, unknown>)[]>;
  const columns = exportColumns[input.kind] as Column<unknown>[];
  await recordAudit(db, ctx, { action: "export.downloaded", targetType: input.kind, metadata: { month: input.month, mode: input.mode, format: input.format } });

  const encoder = new TextEncoder();
  const write = (row: unknown) => (input.format === "csv" ? csvRecord(columns.map((c) => c.cell(row))) : JSON.stringify(Object.fromEntries(columns.map((c) => [c.header, c.cell(row) ?? null]))));
  let after: ExportPage["after"] = null;
  let written = 0;
  let done = false;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(input.format === "csv" ? csvRecord(columns.map((c) => c.header)) : "["));
      },
      async pull(controller) {
        if (done) return;
        const rows = await read(db, { organizationId: ctx.organization.id, mode: input.mode, from, to, after, limit: pageSize });
        if (rows.length > 0) {
          const text = rows.map((r, i) => (input.format === "csv" ? write(r) : `${written + i === 0 ? "\n" : ",\n"}${write(r)}`)).join("");
          written += rows.length;
          controller.enqueue(encoder.encode(text));
          const last = rows.at(-1)!;
          after = { cursor: last.cursor, id: last.id };
        }
        if (rows.length < pageSize) {
          done = true;
          if (input.format === "json") controller.enqueue(encoder.encode(written === 0 ? "]\n" : "\n]\n"));
          controller.close();
        }
      },
    },
    { highWaterMark: 0 },
  );
  const filename = `beacon-${ctx.organization.slug}-${input.kind}-${input.month}-${input.mode}.${input.format}`;
  return { filename, contentType: input.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8", body };
}
