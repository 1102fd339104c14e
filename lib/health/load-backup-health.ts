import "server-only";
import { prisma } from "../db";
import { systemBackupSlots, systemDayOf } from "../lifecycle/system-backups";
import { assessBackupHealth, type BackupHealth, type HealthInput } from "./backup-health";

type InstanceRef = { id: string; createdAt: Date };

/**
 * What backup health needs for many instances, in four queries however many there are: the newest
 * successful backup's completion, the backups of the last two daily slots, the newest
 * verification and the newest finished backup. Instances are ones the caller already loaded within the actor's scope.
 */
export async function loadHealthInputs(
  instances: readonly InstanceRef[],
  now: Date,
): Promise<Map<string, HealthInput>> {
  const ids = instances.map((i) => i.id);
  const slots = systemBackupSlots(now, 2);
  const days = slots.map(systemDayOf);
  const [successful, daily, verifications, finished] = await Promise.all([
    prisma.backup.groupBy({
      by: ["instanceId"],
      where: { instanceId: { in: ids }, status: "Succeeded" },
      _max: { completedAt: true },
    }),
    prisma.backup.findMany({
      where: { instanceId: { in: ids }, systemDay: { in: days } },
      select: { instanceId: true, systemDay: true, status: true, failureReason: true },
    }),
    prisma.backup.findMany({
      where: { instanceId: { in: ids }, verifiedAt: { not: null }, expiresAt: { gt: now } },
      orderBy: [{ instanceId: "asc" }, { verifiedAt: "desc" }],
      distinct: ["instanceId"],
      select: { instanceId: true, label: true, verificationPassed: true },
    }),
    prisma.backup.findMany({
      where: { instanceId: { in: ids }, status: { in: ["Succeeded", "FailedVerification"] }, expiresAt: { gt: now } },
      orderBy: [{ instanceId: "asc" }, { createdAt: "desc" }, { id: "desc" }],
      distinct: ["instanceId"],
      select: { instanceId: true, label: true, status: true },
    }),
  ]);
  const lastSuccess = new Map(successful.map((row) => [row.instanceId, row._max.completedAt]));
  const verification = new Map(verifications.map((row) => [row.instanceId, row]));
  const newestBackup = new Map(finished.map((row) => [row.instanceId, row]));
  const dailyBackup = new Map(daily.map((row) => [`${row.instanceId}/${row.systemDay}`, row]));
  return new Map(
    instances.map((instance) => {
      const newest = verification.get(instance.id);
      return [
        instance.id,
        {
          instance,
          lastSuccessfulAt: lastSuccess.get(instance.id) ?? null,
          dailySlots: slots.map((slot, index) => ({
            slot,
            backup: dailyBackup.get(`${instance.id}/${days[index]}`) ?? null,
          })),
          newestVerification: newest ? { passed: newest.verificationPassed === true, label: newest.label } : null,
          newestBackup: newestBackup.get(instance.id) ?? null,
        },
      ];
    }),
  );
}

/** Backup health of each instance at `now`. */
export async function loadBackupHealth(instances: readonly InstanceRef[], now = new Date()) {
  const inputs = await loadHealthInputs(instances, now);
  return new Map<string, BackupHealth>([...inputs].map(([id, input]) => [id, assessBackupHealth(input, now)]));
}
