import "server-only";
import { prisma } from "../db";
import { isUniqueViolation } from "../errors";

/** The ISO 8601 week of a UTC date, e.g. "2026-W49": the weekly test restore's period. */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  // The week belongs to the year of its Thursday.
  day.setUTCDate(day.getUTCDate() + 3 - ((day.getUTCDay() + 6) % 7));
  const firstThursday = new Date(Date.UTC(day.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(
      ((day.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7,
    );
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

export type ScheduledVerificationRun = { day: string; week: string; verified: string[]; testRestored: string[] };

/**
 * Queues, for every instance, a verification of its newest successful backup once per UTC day and
 * a test restore of it once per ISO week. Each operation carries a schedule key (instance and
 * period) under a unique index, so of several scheduler processes exactly one queues it and the
 * others skip. An instance with a backup still queued or running waits for the next pass, so the
 * day's fresh backup is the one verified.
 */
export async function ensureScheduledVerifications(options: { now: Date }): Promise<ScheduledVerificationRun> {
  const { now } = options;
  const run: ScheduledVerificationRun = {
    day: now.toISOString().slice(0, 10),
    week: isoWeek(now),
    verified: [],
    testRestored: [],
  };
  const instances = await prisma.instance.findMany({
    where: { backups: { some: { status: "Succeeded", expiresAt: { gt: now } } } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      backups: {
        where: { status: "Succeeded", expiresAt: { gt: now } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 1,
        select: { id: true },
      },
      _count: { select: { backups: { where: { status: { in: ["Queued", "InProgress"] } } } } },
    },
  });
  const queue = async (
    type: "Verify" | "TestRestore",
    scheduleKey: string,
    instanceId: string,
    backupId: string,
  ): Promise<boolean> => {
    try {
      await prisma.operation.create({
        data: {
          type,
          instanceId,
          backupId,
          scheduleKey,
          createdAt: now,
        },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  };
  for (const instance of instances) {
    const newest = instance.backups[0];
    if (!newest || instance._count.backups > 0) continue;
    if (await queue("Verify", `verify:${instance.id}:${run.day}`, instance.id, newest.id))
      run.verified.push(instance.id);
    if (await queue("TestRestore", `test-restore:${instance.id}:${run.week}`, instance.id, newest.id)) {
      run.testRestored.push(instance.id);
    }
  }
  return run;
}
