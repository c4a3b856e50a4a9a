import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

// The dashboard rollups' delta rows (db/schema/dashboard-rollups.ts), folded per key. A figure is
// the sum of its key's rows, so folding changes no figure: each statement below deletes the rows of
// the keys that have several and inserts their sum in one step, and a reader sees either all the
// rows or their sum. Rows a trigger appends meanwhile are not in the statement's snapshot: they
// stay, to be folded next time. Keys whose rows cancel out (a deleted organization) go.
const rollups: { table: string; keys: string[]; values: string[]; nullable?: string[] }[] = [
  { table: "subscription_counts", keys: ["organization_id", "mode", "status", "plan_id", "billing_cycle", "has_customer"], values: ["subscriptions"], nullable: ["plan_id", "billing_cycle"] },
  { table: "subscription_day_counts", keys: ["organization_id", "mode", "day"], values: ["started", "ended"] },
  { table: "customer_tax_counts", keys: ["organization_id", "mode", "tax_data_missing", "without_tax_id"], values: ["customers", "billing_subscriptions"] },
  { table: "invoice_tax_months", keys: ["organization_id", "mode", "month", "currency"], values: ["invoices", "subtotal", "tax", "total"] },
];

/** Folds each rollup key's delta rows into one; returns how many rows went. */
export async function compactDashboardRollups(db: DbOrTx) {
  let removed = 0;
  for (const { table, keys, values, nullable = [] } of rollups) {
    const k = keys.join(", ");
    const [row] = await db.execute<{ removed: string | number }>(
      sql.raw(`
        with folded as (
          select ${k} from ${table} group by ${k} having count(*) > 1 or ${values.map((v) => `sum(${v}) = 0`).join(" and ")}
        ),
        gone as (
          delete from ${table} r using folded f where ${keys.map((c) => `r.${c} ${nullable.includes(c) ? "is not distinct from" : "="} f.${c}`).join(" and ")}
          returning r.*
        ),
        summed as (
          insert into ${table} (${k}, ${values.join(", ")})
          select ${k}, ${values.map((v) => `sum(${v})`).join(", ")} from gone group by ${k}
          having ${values.map((v) => `sum(${v}) <> 0`).join(" or ")}
          returning 1
        )
        select (select count(*) from gone) - (select count(*) from summed) as removed`),
    );
    removed += Number(row?.removed ?? 0);
  }
  return removed;
}
