import Link from "next/link";
import { DataTable, tableCardStyles } from "@/components/ui/data-table";
import { StateBadge } from "@/components/state-badge";
import { formatBytes, formatCount, formatDateTime, formatDuration } from "@/lib/format";
import type { ActivityItem } from "@/lib/operations/list-activity";
import { activityPhrase } from "./activity-phrase";

/**
 * An instance's Activity: every operation and its outcome, kept after it ends, so a restore that
 * failed is still there (with its reason) after the toast is gone and the page reloaded.
 */
export function ActivityTable(props: {
  instanceName: string;
  items: ActivityItem[];
  page: number;
  pageCount: number;
  total: number;
  pageLink: (page: number) => string;
}) {
  const { items, page, pageCount, total, pageLink } = props;
  return (
    <section id="activity" aria-labelledby="activity-heading" className={tableCardStyles}>
      <h2
        id="activity-heading"
        className="border-b border-slate-200 px-3 py-2 text-base font-semibold dark:border-slate-800"
      >
        Activity
      </h2>
      {items.length === 0 ? (
        <p className="p-6 text-center text-sm">Nothing has happened on {props.instanceName} yet.</p>
      ) : (
        <DataTable
          caption={`Activity of ${props.instanceName}`}
          columns={[
            { key: "operation", label: "Operation" },
            { key: "by", label: "Started By" },
            { key: "at", label: "Started On" },
            { key: "duration", label: "Duration", align: "right" },
            { key: "records", label: "Records", align: "right" },
            { key: "size", label: "Size", align: "right" },
            { key: "outcome", label: "Outcome" },
          ]}
        >
          {items.map((item) => (
            <tr key={item.id} data-testid="activity-row">
              <th scope="row" className="px-3 py-2 text-left font-normal break-words">
                {activityPhrase(item)}
              </th>
              <td className="px-3 py-2">{item.startedBy}</td>
              <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(item.createdAt)}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{formatDuration(item.durationMs)}</td>
              <td className="px-3 py-2 text-right tabular-nums">
                {item.records === null ? "—" : formatCount(item.records)}
              </td>
              <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{formatBytes(item.bytes)}</td>
              <td className="px-3 py-2" data-testid="activity-outcome">
                <StateBadge value={item.status === "Running" ? "In progress" : item.status}>
                  {item.status === "Running" ? `Running ${item.progress}%` : item.status}
                </StateBadge>
                {item.error && (
                  <span className="mt-1 block max-w-md text-xs break-words text-red-700 dark:text-red-300">
                    {item.error}
                  </span>
                )}
                {item.attempts > 1 && (
                  <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">
                    {item.attempts} attempts
                  </span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {pageCount > 1 && (
        <nav
          aria-label="Activity pages"
          className="flex items-center justify-between border-t border-slate-200 px-3 py-2 text-sm dark:border-slate-800"
        >
          <span>
            Page {page} of {pageCount} · {formatCount(total)} operations
          </span>
          <span className="flex gap-3">
            {page > 1 && <Link href={pageLink(page - 1)}>Newer</Link>}
            {page < pageCount && <Link href={pageLink(page + 1)}>Older</Link>}
          </span>
        </nav>
      )}
    </section>
  );
}
