import "server-only";
import { prisma } from "../db";
import { isDailyBackupMissed } from "./backup-health";
import { loadHealthInputs } from "./load-backup-health";

/**
 * The instances whose latest daily backup was missed at `now` (not started two hours after its
 * slot), across all tenants: for the "daily backup missed" alerts, which the system sends without
 * an actor. Each comes with its tenant and the slot it missed.
 */
export async function listMissedDailyBackups(options: { now: Date }) {
  const instances = await prisma.instance.findMany({
    select: { id: true, name: true, tenantId: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  const inputs = await loadHealthInputs(instances, options.now);
  return instances.flatMap((instance) => {
    const input = inputs.get(instance.id)!;
    return isDailyBackupMissed(input, options.now) ? [{ ...instance, slot: input.dailySlots[0]!.slot }] : [];
  });
}
