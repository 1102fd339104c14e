// The app's tables share one look: a bordered card that scrolls sideways on narrow screens, a
// muted uppercase header, and row dividers.

export const tableCardStyles =
  "overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900";

export function DataTable({
  caption,
  role,
  label,
  columns,
  children,
}: {
  /** Read by screen readers only: the page shows its own heading. */
  caption?: string;
  /** "grid" for a table whose rows are selected with the keyboard (see BackupGrid). */
  role?: "grid";
  /** The table's accessible name, where it has no caption. */
  label?: string;
  columns: { key: string; label: React.ReactNode; align?: "right" }[];
  children: React.ReactNode;
}) {
  return (
    <table
      role={role}
      aria-label={label}
      className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800"
    >
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800/50 dark:text-slate-300">
        <tr>
          {columns.map((column) => (
            <th key={column.key} scope="col" className={`px-3 py-2 ${column.align === "right" ? "text-right" : ""}`}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">{children}</tbody>
    </table>
  );
}

/** An empty header cell's label: the column holds row actions. */
export const actionsColumn = { key: "actions", label: <span className="sr-only">Actions</span> };
