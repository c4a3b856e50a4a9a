import "server-only";
import { exportRecords } from "@/lib/exports/export-records";
import { exportQuery, type ExportKind } from "@/lib/validations/revenue";
import { parseQuery } from "./parse";
import { download } from "./respond";
import { withSession } from "./with-session";

/** GET /api/orgs/{org}/exports/{kind}?mode=test|live&month=YYYY-MM&format=csv|json: one streamed export. */
export const exportRoute = (kind: ExportKind) =>
  withSession<{ org: string }>(async (req, { ctx }) => {
    const file = await exportRecords({ ctx, input: { ...parseQuery(req, exportQuery), kind } });
    return download(file.body, file);
  });
