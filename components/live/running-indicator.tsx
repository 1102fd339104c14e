"use client";

import Link from "next/link";
import { progressText, runningText } from "./live-operation-text";
import { useLiveUpdates } from "./live-updates";

/** The header's "2 running" menu: every queued or running operation, each linking to its Activity. */
export function RunningIndicator() {
  const running = useLiveUpdates().operations.filter((op) => op.status === "Queued" || op.status === "Running");
  if (running.length === 0) return null;
  return (
    <details className="relative text-sm" data-testid="running-indicator">
      <summary className="cursor-pointer rounded-md bg-blue-50 px-2 py-1 font-medium text-blue-800 dark:bg-blue-950 dark:text-blue-200">
        {running.length} running
      </summary>
      <ul className="absolute right-0 z-20 mt-1 w-80 space-y-1 rounded-lg border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-800 dark:bg-slate-900">
        {running.map((op) => (
          <li key={op.id}>
            <Link
              className="block rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800"
              href={`/backups?instance=${encodeURIComponent(op.instanceIds[0]!)}#activity`}
            >
              <span className="block">{runningText(op)}</span>
              <span className="block text-xs text-slate-600 tabular-nums dark:text-slate-400">{progressText(op)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
