import "server-only";
import { Cron } from "croner";
import { requestBackup } from "../backups/request-backup";
import { prisma } from "../db";
import { env } from "../env";
import { isUniqueViolation } from "../errors";

/** The croner pattern of the daily system backup, from SYSTEM_BACKUP_AT ("HH:MM", UTC). */
export function systemBackupPattern(at = env().SYSTEM_BACKUP_AT): string {
  const [hours, minutes] = at.split(":").map(Number);
  return `${minutes} ${hours} * * *`;
}

/**
 * The UTC day of the latest scheduled system backup at or before `now`: the day whose backup every
 * instance should have. Before today's slot it is yesterday's, so an app started at 01:00 catches
 * up on the slot it missed instead of waiting for the next one.
 */
export function currentSystemDay(now: Date, pattern = systemBackupPattern()): string {
  // previousRuns looks strictly before its reference; one millisecond later includes a slot at `now`.
  const [slot] = new Cron(pattern, { timezone: "UTC", paused: true }).previousRuns(1, new Date(now.getTime() + 1));
  if (!slot) throw new Error(`The schedule "${pattern}" has no earlier run.`);
  return slot.toISOString().slice(0, 10);
}

export type SystemBackupRun = { systemDay: string; queued: string[]; busy: string[] };

/**
 * Queues the current day's system backup for every instance (all versions) that lacks one. Safe to
 * run from any number of processes at once: the unique (instance, systemDay) key lets exactly one
 * insert win and the others skip. Instances that are being restored or updated are skipped; the
 * next run picks them up.
 */
export async function ensureDailySystemBackups(options: { now: Date }): Promise<SystemBackupRun> {
  const systemDay = currentSystemDay(options.now);
  const missing = await prisma.instance.findMany({
    where: { backups: { none: { systemDay } } },
    orderBy: { createdAt: "asc" },
  });
  const run: SystemBackupRun = { systemDay, queued: [], busy: [] };
  for (const instance of missing) {
    if (instance.state !== "Ready") {
      run.busy.push(instance.id);
      continue;
    }
    try {
      await requestBackup({
        actor: null,
        instance,
        kind: "System",
        label: `Daily backup ${systemDay}`,
        systemDay,
        now: options.now,
      });
      run.queued.push(instance.id);
    } catch (error) {
      // Another process queued this instance's backup for the day first.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return run;
}
