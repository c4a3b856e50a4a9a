import { getTableColumns, is, SQL, sql } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * `insert into <table> (…) select … from jsonb_populate_recordset(null::<table>, $1)`: many rows
 * through one jsonb parameter, each value typed by the table's own columns. Drizzle's `values()`
 * builds and types one parameter per value, which for a worker's batch (hundreds of timeline
 * rows) cost more CPU than the database spent on the insert; this statement's text is the same
 * whatever the number of rows, so a prepared view of the pool plans it once. Columns are those
 * those the rows give; `tail` adds `on conflict …`/`returning …`.
 */
export function insertJson<T extends PgTable>(table: T, rows: T["$inferInsert"][], tail: SQL = sql``): SQL {
  const all = getTableColumns(table);
  const records = rows as Record<string, unknown>[];
  // A column no row gives takes the database's default; a row that leaves out a column others give takes the column's default from the schema.
  const keys = Object.keys(all).filter((key) => records.some((row) => row[key] !== undefined));
  const names = keys.map((key) => (all[key]!.keyAsName ? toSnakeCase(key) : all[key]!.name));
  const fallback = (key: string) => {
    const column = all[key]!;
    return column.defaultFn?.() ?? (is(column.default, SQL) ? null : (column.default ?? null));
  };
  const json = JSON.stringify(records.map((row) => Object.fromEntries(keys.map((key, i) => [names[i], row[key] === undefined ? fallback(key) : row[key]]))));
  const columns = sql.raw(names.map((name) => `"${name}"`).join(", "));
  return sql`insert into ${table} (${columns}) select ${columns} from jsonb_populate_recordset(null::${table}, ${json}::jsonb) ${tail}`;
}
