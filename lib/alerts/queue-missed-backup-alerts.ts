import "server-only";
import { prisma } from "../db";
import { isUniqueViolation } from "../errors";
import { formatDateTime } from "../format";
import { queueAlert } from "./queue-alert";

/**
 * Queues one "daily backup missed" alert per instance and slot. Every scheduler pass notices the
 * same missed slot, and several schedulers may run at once: the dedupe key (instance and slot) is
 * unique in the outbox, so exactly one of them queues it; the others find it there or lose the
 * insert. Returns the instances an alert was queued for now.
 */
export async function queueMissedBackupAlerts(options: {
  /** The instances whose latest daily slot was missed, with that slot. */
  missed: { id: string; name: string; slot: Date }[];
  now: Date;
}): Promise<string[]> {
  const queued: string[] = [];
  for (const instance of options.missed) {
    try {
      const deliveries = await prisma.$transaction((tx) =>
        queueAlert(tx, {
          type: "backup.missed",
          message: `The daily backup of ${instance.name} due at ${formatDateTime(instance.slot)} has not started.`,
          occurredAt: options.now,
          subject: { instanceId: instance.id },
          dedupeKey: `backup.missed:${instance.id}:${instance.slot.toISOString()}`,
        }),
      );
      if (deliveries.length > 0) queued.push(instance.id);
    } catch (error) {
      // Another scheduler queued this slot's alert first.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return queued;
}
