export interface Column {
  label?: React.ReactNode;
  /** Numbers line up on the right. */
  right?: boolean;
}

/**
 * The dashboard's list table: a scrolling wrapper, small uppercase headers, divided rows. On a
 * phone each row stacks into a card (`stack-on-phone` in globals.css).
 */
export function DataTable({ columns, testId, children }: { columns: Column[]; testId?: string; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="stack-on-phone w-full text-left text-sm" data-testid={testId}>
        <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
          <tr>
            {columns.map((column, i) => (
              <th key={i} className={`py-2 ${i < columns.length - 1 ? "pr-4" : ""} ${column.right ? "text-right" : ""}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">{children}</tbody>
      </table>
    </div>
  );
}
