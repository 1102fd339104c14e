import type { LiveOperation } from "@/lib/live/load-live-snapshot";
import { formatCount, formatDuration } from "@/lib/format";
import { backupPhrase } from "../backups/backup-phrase";

/** What a queued or running operation is doing, in the words of the running banner. */
export function runningText(op: LiveOperation): string {
  switch (op.type) {
    case "Restore":
      return `Restoring ${backupPhrase(op.label)} to ${op.targetName}`;
    case "Verify":
      return `Verifying ${backupPhrase(op.label)}`;
    case "TestRestore":
      return `Test-restoring ${backupPhrase(op.label)}`;
    case "Update":
      return `Updating ${op.targetName} to ${op.targetVersion}`;
    default:
      return `Backing up ${backupPhrase(op.label)}`;
  }
}

/** How far it got: "queued", or the percent with records, throughput and time left once known. */
export function progressText(op: LiveOperation): string {
  if (op.status === "Queued") return "queued";
  const parts = [`${op.progress}%`];
  if (op.recordsTotal !== null && op.recordsDone !== null)
    parts.push(`${formatCount(op.recordsDone)} of ${formatCount(op.recordsTotal)} records`);
  if (op.recordsPerSecond !== null) parts.push(`${formatCount(op.recordsPerSecond)} records/s`);
  if (op.etaSeconds === 0) parts.push("finishing");
  else if (op.etaSeconds !== null) parts.push(`about ${formatDuration(op.etaSeconds * 1000)} left`);
  return parts.join(" · ");
}

/** The toast for an operation that ended, or null for those that end without one. */
export function outcomeToast(op: LiveOperation): { kind: "success" | "error"; text: string } | null {
  if (op.status !== "Succeeded" && op.status !== "Failed") return null;
  const failed = op.status === "Failed";
  const reason = op.error ?? "unknown error";
  if (op.type === "Update")
    return failed
      ? { kind: "error", text: `Update of ${op.targetName} failed: ${reason}` }
      : { kind: "success", text: `${op.targetName} was updated to ${op.targetVersion}.` };
  const what =
    op.type === "Restore"
      ? `Restore of ${backupPhrase(op.label)} to ${op.targetName}`
      : op.type === "Verify"
        ? `Verification of ${backupPhrase(op.label)}`
        : op.type === "TestRestore"
          ? `Test restore of ${backupPhrase(op.label)}`
          : op.type === "Backup"
            ? `Backup ${backupPhrase(op.label)}`
            : null;
  if (what === null) return null;
  return failed
    ? { kind: "error", text: `${what} failed: ${reason}` }
    : { kind: "success", text: `${what} succeeded.` };
}
