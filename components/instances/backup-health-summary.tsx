import type { BackupHealth } from "@/lib/health/backup-health";
import { formatDateTime } from "@/lib/format";
import { StateBadge } from "../state-badge";

/** An instance's backup health: the badge, why it needs attention, and its last successful backup. */
export function BackupHealthSummary({ health, id }: { health: BackupHealth; id?: string }) {
  return (
    <div id={id} data-testid="backup-health">
      <span className="sr-only">Backup health: </span>
      <StateBadge value={health.status} />
      {health.reason && (
        <span className="mt-1 block max-w-xs text-xs text-amber-900 dark:text-amber-200">{health.reason}</span>
      )}
      <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">
        Last successful backup {health.lastSuccessfulAt ? formatDateTime(health.lastSuccessfulAt) : "never"}
      </span>
    </div>
  );
}
