// Backup health as a pure function of what was loaded and the time it is asked at, so every rule
// can be tested with an injected clock; lib/health/load-backup-health.ts loads the inputs.
import type { BackupStatus } from "@prisma/client";
import { formatDateTime } from "../format";

/** A successful backup older than this leaves an instance unprotected. */
export const freshBackupHours = 26;
/** A daily backup not started this long after its slot counts as missed. */
export const missedAfterHours = 2;

const hour = 3_600_000;

export type DailyBackupState = { status: BackupStatus; failureReason: string | null };

export type HealthInput = {
  instance: { createdAt: Date };
  /** When the newest backup that succeeded (and is not known damaged) completed. */
  lastSuccessfulAt: Date | null;
  /** The latest daily slot at or before now and the one before, newest first, each with its backup. */
  dailySlots: readonly { slot: Date; backup: DailyBackupState | null }[];
  /** The newest verification of the instance's backups. */
  newestVerification: { passed: boolean; label: string } | null;
  /** The newest finished backup (succeeded, or failed verification since): the latest restore point. */
  newestBackup: { label: string; status: BackupStatus } | null;
};

export type HealthProblem = "verificationFailed" | "dailyFailed" | "dailyMissed" | "noRecentBackup";

export type BackupHealth = {
  status: "Healthy" | "Attention";
  problem: HealthProblem | null;
  /** Why it needs attention, in words; null when healthy. */
  reason: string | null;
  lastSuccessfulAt: Date | null;
};

const notStarted = (backup: DailyBackupState | null) => !backup || backup.status === "Queued";

/**
 * Whether the daily backup of the latest slot was missed at `now`: not started two hours after its
 * slot. An instance created after the slot owed no backup for it.
 */
export function isDailyBackupMissed(input: Pick<HealthInput, "instance" | "dailySlots">, now: Date): boolean {
  const latest = input.dailySlots[0];
  if (!latest || input.instance.createdAt > latest.slot) return false;
  return now.getTime() >= latest.slot.getTime() + missedAfterHours * hour && notStarted(latest.backup);
}

/**
 * The last daily backup that has an outcome: the latest slot's, or, while it is still within its
 * grace period (queued or running), the one before.
 */
function lastDailyBackup(input: HealthInput): DailyBackupState | null {
  const [latest, previous] = input.dailySlots;
  if (latest?.backup && latest.backup.status !== "Queued" && latest.backup.status !== "InProgress")
    return latest.backup;
  return previous?.backup ?? null;
}

/**
 * Healthy: a successful backup within the last 26 hours and the newest verification (if any)
 * passed. Otherwise Attention, with the first reason that applies: a failed verification (the
 * newest one, or the one that marked the latest restore point damaged; a later pass of an older
 * backup does not hide that), the last daily backup failed, the daily backup was missed, no
 * successful backup in 26 hours.
 */
export function assessBackupHealth(input: HealthInput, now: Date): BackupHealth {
  const attention = (problem: HealthProblem, reason: string): BackupHealth => ({
    status: "Attention",
    problem,
    reason,
    lastSuccessfulAt: input.lastSuccessfulAt,
  });
  const damaged =
    input.newestBackup?.status === "FailedVerification"
      ? input.newestBackup
      : input.newestVerification && !input.newestVerification.passed
        ? input.newestVerification
        : null;
  if (damaged) return attention("verificationFailed", `Backup "${damaged.label}" failed verification.`);
  const lastDaily = lastDailyBackup(input);
  if (lastDaily?.status === "Failed") {
    return attention(
      "dailyFailed",
      `The last daily backup failed${lastDaily.failureReason ? `: ${lastDaily.failureReason}` : "."}`,
    );
  }
  if (isDailyBackupMissed(input, now)) {
    const due = new Date(input.dailySlots[0]!.slot.getTime() + missedAfterHours * hour);
    return attention("dailyMissed", `The daily backup was missed: not started by ${formatDateTime(due)}.`);
  }
  if (!input.lastSuccessfulAt || input.lastSuccessfulAt.getTime() < now.getTime() - freshBackupHours * hour) {
    return attention("noRecentBackup", `No successful backup in the last ${freshBackupHours} hours.`);
  }
  return { status: "Healthy", problem: null, reason: null, lastSuccessfulAt: input.lastSuccessfulAt };
}

/** A tenant's line: "3 healthy, 1 needs attention". */
export function summarizeHealth(healths: readonly BackupHealth[]): string {
  const healthy = healths.filter((h) => h.status === "Healthy").length;
  const attention = healths.length - healthy;
  return `${healthy} healthy, ${attention} ${attention === 1 ? "needs" : "need"} attention`;
}
