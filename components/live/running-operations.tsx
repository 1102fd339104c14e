"use client";

import { progressText, runningText } from "./live-operation-text";
import { useLiveUpdates } from "./live-updates";

/** The Backup & Restore page's banner of what runs on the instance on screen, updated live. */
export function RunningOperations({ instanceId }: { instanceId: string }) {
  const running = useLiveUpdates().operations.filter(
    (op) => (op.status === "Queued" || op.status === "Running") && op.instanceIds.includes(instanceId),
  );
  if (running.length === 0) return null;
  return (
    <ul
      data-testid="running-operations"
      className="space-y-1 rounded-lg border border-blue-200 bg-blue-50 p-3 text-sm dark:border-blue-900 dark:bg-blue-950"
    >
      {running.map((op) => (
        <li key={op.id}>
          {runningText(op)} — <span className="tabular-nums">{progressText(op)}</span>
        </li>
      ))}
    </ul>
  );
}
