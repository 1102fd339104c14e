import type { ActivityItem } from "@/lib/operations/list-activity";
import { backupPhrase } from "./backup-phrase";

/** What an Activity row says the operation was, from the viewed instance's side. */
export function activityPhrase(item: ActivityItem): string {
  switch (item.type) {
    case "Backup":
      return `Backup ${backupPhrase(item.label)}`;
    case "Restore":
      return item.direction === "to"
        ? `Restore of ${backupPhrase(item.label)} to ${item.targetName}`
        : `Restore from ${backupPhrase(item.label)}${item.sourceName ? ` of ${item.sourceName}` : ""}`;
    case "Update":
      return `Update to ${item.targetVersion ?? "a newer version"}`;
    case "Switch":
      return `Switch${item.detail ? `: ${item.detail}` : ""}`;
    case "Create":
      return "Created";
    case "Rename":
      return `Rename${item.detail ? `: ${item.detail}` : ""}`;
    case "Purge":
      return `Purge${item.detail ? `: ${item.detail}` : ""}`;
    case "Verify":
      return `Verification of ${backupPhrase(item.label)}${item.detail ? `: ${item.detail}` : ""}`;
    case "TestRestore":
      return `Test restore of ${backupPhrase(item.label)}${item.detail ? `: ${item.detail}` : ""}`;
  }
}
