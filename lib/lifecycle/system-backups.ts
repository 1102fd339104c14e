import "server-only";
import { Cron } from "croner";
import { requestBackup } from "../backups/request-backup";
import { expiryFor } from "../backups/retention";
import { prisma } from "../db";
import { env } from "../env";
import { isUniqueViolation } from "../errors";

/** The croner pattern of the daily system backup, from SYSTEM_BACKUP_AT ("HH:MM", UTC). */
export function systemBackupPattern(at = env().SYSTEM_BACKUP_AT): string {
  const [hours, minutes] = at.split(":").map(Number);
  return `${minutes} ${hours} * * *`;
}

/** The latest `count` daily system backup slots at or before `now`, newest first. */
export function systemBackupSlots(now: Date, count: number, pattern = systemBackupPattern()): Date[] {
  // previousRuns looks strictly before its reference; one millisecond later includes a slot at `now`.
  const slots = new Cron(pattern, { timezone: "UTC", paused: true }).previousRuns(count, new Date(now.getTime() + 1));
  if (slots.length < count) throw new Error(`The schedule "${pattern}" has no earlier run.`);
  return slots;
}

/** The UTC day ("2026-11-24") a daily system backup slot stands for: its Backup.systemDay. */
export const systemDayOf = (slot: Date) => slot.toISOString().slice(0, 10);

/**
 * The UTC day of the latest scheduled system backup at or before `now`: the day whose backup every
 * instance should have. Before today's slot it is yesterday's, so an app started at 01:00 catches
 * up on the slot it missed instead of waiting for the next one.
 */
export function currentSystemDay(now: Date, pattern = systemBackupPattern()): string {
  return systemDayOf(systemBackupSlots(now, 1, pattern)[0]!);
}

export type SystemBackupRun = { systemDay: string; queued: string[]; retried: string[]; busy: string[] };

/** A day's system backup that failed is tried again on later runs, up to this many attempts. */
export const dailyAttempts = 3;

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
  const run: SystemBackupRun = { systemDay, queued: [], retried: [], busy: [] };
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
  run.retried = await retryFailedSystemBackups(systemDay, options.now);
  return run;
}

/**
 * Queues the day's failed system backups again, reusing their row so "one per instance per day"
 * still holds; the conditional reset lets only one of several schedulers requeue each. Returns
 * the instances whose backup was requeued.
 */
async function retryFailedSystemBackups(systemDay: string, now: Date): Promise<string[]> {
  const failed = await prisma.backup.findMany({
    where: { systemDay, status: "Failed", instance: { state: "Ready" } },
    include: { instance: true, _count: { select: { operations: true } } },
  });
  const retried: string[] = [];
  for (const { instance, ...backup } of failed.filter((b) => b._count.operations < dailyAttempts)) {
    if (!instance) continue;
    const requeued = await prisma.$transaction(async (tx) => {
      const reset = await tx.backup.updateMany({
        where: { id: backup.id, status: "Failed" },
        data: {
          status: "Queued",
          progress: 0,
          failureReason: null,
          createdAt: now,
          expiresAt: expiryFor(now),
          instanceVersion: instance.version,
        },
      });
      if (reset.count !== 1) return false;
      await tx.operation.create({
        data: { type: "Backup", instanceId: instance.id, backupId: backup.id, createdAt: now },
      });
      return true;
    });
    if (requeued) retried.push(instance.id);
  }
  return retried;
}
