import type { BackupListItem } from "@/lib/backups/list-backups";

/** A backup's status as the list and the details show it. */
export function backupStatusText(backup: Pick<BackupListItem, "status" | "progress">) {
  if (backup.status === "InProgress") return `In progress ${backup.progress}%`;
  if (backup.status === "FailedVerification") return "Failed verification";
  return backup.status;
}
