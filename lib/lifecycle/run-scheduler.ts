import "server-only";
import { Cron } from "croner";
import { queueMissedBackupAlerts } from "../alerts/queue-missed-backup-alerts";
import { purgeExpiredRateLimits } from "../auth/purge-rate-limits";
import { systemClock, type Clock } from "../clock";
import { env } from "../env";
import { listMissedDailyBackups } from "../health/list-missed-daily-backups";
import { purgeExpiredBackups, sweepStorage } from "./purge-backups";
import { ensureScheduledVerifications } from "./scheduled-verifications";
import { ensureDailySystemBackups, systemBackupPattern } from "./system-backups";

/** One pass of every lifecycle job, as run at start-up and by the schedules. */
export async function runLifecycleJobs(clock: Clock = systemClock, log: (message: string) => void = console.log) {
  const backups = await ensureDailySystemBackups({ now: clock() });
  if (backups.queued.length + backups.retried.length > 0) {
    log(`queued ${backups.queued.length} system backup(s) for ${backups.systemDay}, retried ${backups.retried.length}`);
  }
  const verifications = await ensureScheduledVerifications({ now: clock() });
  if (verifications.verified.length + verifications.testRestored.length > 0) {
    log(
      `queued ${verifications.verified.length} daily verification(s) for ${verifications.day}, ${verifications.testRestored.length} test restore(s) for ${verifications.week}`,
    );
  }
  const missedAlerts = await queueMissedBackupAlerts({
    missed: await listMissedDailyBackups({ now: clock() }),
    now: clock(),
  });
  if (missedAlerts.length > 0) log(`queued "daily backup missed" alerts for ${missedAlerts.length} instance(s)`);
  const purge = await purgeExpiredBackups({ now: clock() });
  if (purge.purged.length + purge.spared.length > 0) {
    log(`purged ${purge.purged.length} expired backup(s), spared ${purge.spared.length} in use`);
  }
  const sweep = await sweepStorage({ now: clock() });
  const removed = sweep.orphanFilesRemoved.length + sweep.incompleteFilesRemoved.length;
  if (removed + sweep.missingFiles.length > 0) {
    log(`removed ${removed} orphan or incomplete file(s); ${sweep.missingFiles.length} backup file(s) missing`);
  }
  if (sweep.unknownFiles.length > 0) {
    log(
      `left ${sweep.unknownFiles.length} file(s) the app did not write in backup storage, e.g. ${sweep.unknownFiles[0]}`,
    );
  }
  const rateLimits = await purgeExpiredRateLimits({ now: clock() });
  if (rateLimits.purged > 0) log(`removed ${rateLimits.purged} expired sign-in throttle row(s)`);
}

/**
 * Runs the lifecycle jobs now (catch-up after downtime), at the daily system backup time, and every
 * MAINTENANCE_INTERVAL_SECONDS (expiry, and the catch-up for new instances and for ones that were
 * busy at the daily slot), until `signal` aborts. Every job is idempotent and safe to run from
 * several processes at once, so no leader election is needed.
 */
export function runScheduler(options: { signal: AbortSignal; log?: (message: string) => void }): Promise<void> {
  const log = options.log ?? ((message: string) => console.log(`[scheduler] ${message}`));
  // The two schedules can fire together: one pass at a time.
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    await runLifecycleJobs(systemClock, log)
      .catch((error) => console.error("[scheduler] lifecycle jobs failed", error))
      .finally(() => (running = false));
  };
  const jobs = [
    new Cron(systemBackupPattern(), { timezone: "UTC" }, run),
    new Cron("* * * * * *", { timezone: "UTC", interval: env().MAINTENANCE_INTERVAL_SECONDS }, run),
  ];
  log(`daily system backups at ${env().SYSTEM_BACKUP_AT} UTC, next ${jobs[0]!.nextRun()?.toISOString()}`);
  void run();
  return new Promise((resolve) => {
    options.signal.addEventListener(
      "abort",
      () => {
        jobs.forEach((job) => job.stop());
        resolve();
      },
      { once: true },
    );
  });
}
