"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { BackupListItem } from "@/lib/backups/list-backups";
import { formatBytes, formatDateTime } from "@/lib/format";
import { useLiveUpdates } from "../live/live-updates";
import { StateBadge } from "../state-badge";
import { DataTable } from "../ui/data-table";
import { backupStatusText } from "./backup-status-text";

export type BackupGridRow = Pick<
  BackupListItem,
  | "id"
  | "label"
  | "kind"
  | "createdBy"
  | "createdAt"
  | "expiresAt"
  | "status"
  | "progress"
  | "failureReason"
  | "sizeBytes"
> & {
  /** The page's address with this backup selected. */
  href: string;
};

const columns = [
  { key: "label", label: "Label" },
  { key: "createdBy", label: "Created By" },
  { key: "createdOn", label: "Created On" },
  { key: "expiresOn", label: "Expires On" },
  { key: "status", label: "Status" },
  { key: "type", label: "Type" },
  { key: "size", label: "Size", align: "right" as const },
];

/**
 * The backup list as a WAI-ARIA grid of selectable rows, as admin grids work: a click anywhere on a
 * row selects it, and the grid is one Tab stop (roving tabindex) whose rows Up/Down/Home/End move
 * through and Enter/Space selects. Selecting follows the row's link, so the selection lives in the
 * URL and the label link (which works without JavaScript) stays the same action.
 */
export function BackupGrid({ label, rows, selectedId }: { label: string; rows: BackupGridRow[]; selectedId?: string }) {
  const router = useRouter();
  // A running backup's percent moves with the live stream; the rest comes with the page.
  const liveProgress = new Map(
    useLiveUpdates()
      .operations.filter(
        (op) => op.status === "Running" && op.backupId && (op.type === "Backup" || op.type === "Update"),
      )
      .map((op) => [op.backupId!, op.progress]),
  );
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const selectedIndex = rows.findIndex((row) => row.id === selectedId);
  const [activeIndex, setActiveIndex] = useState(Math.max(0, selectedIndex));
  const active = Math.min(activeIndex, rows.length - 1);

  function select(row: BackupGridRow) {
    router.push(row.href, { scroll: false });
  }

  function focusRow(index: number) {
    const next = Math.min(Math.max(0, index), rows.length - 1);
    setActiveIndex(next);
    rowRefs.current[next]?.focus();
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLTableRowElement>, index: number) {
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: rows.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(moves[event.key]!);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      select(rows[index]!);
    }
  }

  return (
    <DataTable role="grid" label={label} columns={columns}>
      {rows.map((b, index) => {
        const isSelected = b.id === selectedId;
        return (
          <tr
            key={b.id}
            ref={(element) => {
              rowRefs.current[index] = element;
            }}
            data-testid="backup-row"
            aria-selected={isSelected}
            tabIndex={index === active ? 0 : -1}
            onFocus={() => setActiveIndex(index)}
            onKeyDown={(event) => onKeyDown(event, index)}
            // The label link navigates by itself; a click elsewhere on the row does the same.
            onClick={(event) => {
              if (!(event.target as HTMLElement).closest("a")) select(b);
            }}
            className={`cursor-pointer focus:outline-2 focus:-outline-offset-2 focus:outline-blue-600 ${
              isSelected ? "bg-blue-50 dark:bg-blue-950" : "hover:bg-slate-50 dark:hover:bg-slate-800/50"
            }`}
          >
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {/* Out of the Tab order: the row is the grid's one stop, and Enter on it does the same. */}
              <Link
                className="text-blue-700 hover:underline dark:text-blue-300"
                href={b.href}
                scroll={false}
                tabIndex={-1}
              >
                {b.label}
              </Link>
            </th>
            <td className="px-3 py-2">{b.createdBy}</td>
            <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(b.createdAt)}</td>
            <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(b.expiresAt)}</td>
            <td className="px-3 py-2" data-testid="backup-status">
              <StateBadge value={b.status === "InProgress" ? "In progress" : b.status}>
                {backupStatusText({ ...b, progress: liveProgress.get(b.id) ?? b.progress })}
              </StateBadge>
              {(b.status === "Failed" || b.status === "FailedVerification") && b.failureReason && (
                <span className="mt-1 block text-xs text-red-700 dark:text-red-300">{b.failureReason}</span>
              )}
            </td>
            <td className="px-3 py-2">{b.kind === "System" ? "System" : "On-demand"}</td>
            <td className="px-3 py-2 text-right tabular-nums">{formatBytes(b.sizeBytes)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
