import "server-only";
import type { Instance, Prisma } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { ConflictError, ValidationError } from "../errors";
import { backupFileKeys } from "../snapshot/format";
import { backupStorage } from "../storage";
import { activeOperationPhrase } from "./instance-activity";

const active = { status: { in: ["Queued" as const, "Running" as const] } };

/** Why `instance` can't be deleted right now, or null: it must be Ready, with nothing running on it or from its backups. */
async function deleteBlocker(tx: Prisma.TransactionClient, instance: Instance): Promise<string | null> {
  const current = await tx.instance.findUnique({ where: { id: instance.id }, select: { state: true } });
  if (!current) return `${instance.name} no longer exists.`;
  if (current.state !== "Ready") return `${instance.name} is busy (${current.state}). Try again when it is Ready.`;
  const running = await tx.operation.findFirst({
    where: { ...active, OR: [{ instanceId: instance.id }, { type: "Restore", backup: { instanceId: instance.id } }] },
    orderBy: { createdAt: "asc" },
    select: { type: true, status: true, instanceId: true },
  });
  if (!running) return null;
  const where = running.instanceId === instance.id ? `on ${instance.name}` : `from a backup of ${instance.name}`;
  return `${activeOperationPhrase(running)} ${where}. Delete it once that has finished.`;
}

/**
 * Deletes an instance with its records, operations and role assignments, after the admin typed
 * its name. Its finished, unexpired backups are either kept (restorable into the tenant's other
 * sandboxes until they expire, scoped to the tenant by the policy) or deleted with it. Refused
 * while anything runs on the instance or from its backups. Rows go in one transaction with the
 * audit entry (which outlives the instance); the deleted backups' files are removed after the
 * commit, and any left behind by a crash are orphans that the storage sweep removes.
 */
export async function deleteInstance(options: {
  actor: Actor;
  instance: Instance;
  confirmName: string;
  keepBackups: boolean;
  audit?: AuditAccepted;
  now?: Date;
}) {
  const { instance, keepBackups } = options;
  if (options.confirmName !== instance.name) {
    throw new ValidationError("The name you typed doesn't match.", {
      confirmName: [`Type ${instance.name} to confirm.`],
    });
  }
  const now = options.now ?? new Date();
  const { kept, removedKeys } = await prisma.$transaction(async (tx) => {
    // A no-op write first takes the row's lock, so a restore or backup queued meanwhile waits for this check.
    await tx.instance.updateMany({ where: { id: instance.id, state: "Ready" }, data: { state: "Ready" } });
    const blocker = await deleteBlocker(tx, instance);
    if (blocker) throw new ConflictError(blocker);
    const keep = { instanceId: instance.id, status: "Succeeded" as const, expiresAt: { gt: now } };
    const kept = keepBackups
      ? (
          await tx.backup.updateMany({
            where: keep,
            data: {
              deletedInstanceId: instance.id,
              deletedInstanceTenantId: instance.tenantId,
              deletedInstanceName: instance.name,
            },
          })
        ).count
      : 0;
    const doomed = { instanceId: instance.id, ...(keepBackups ? { NOT: keep } : {}) };
    const removed = await tx.backup.findMany({ where: doomed, select: { storageKey: true } });
    await tx.backup.deleteMany({ where: doomed });
    // Records reference each other with RESTRICT: children first.
    const records = { where: { instanceId: instance.id } };
    await tx.supportCase.deleteMany(records);
    await tx.opportunity.deleteMany(records);
    await tx.contact.deleteMany(records);
    await tx.account.deleteMany(records);
    await options.audit?.(tx, {
      detail: keepBackups
        ? `Deleted ${instance.name} (${instance.domain}); kept ${kept} backup(s), restorable until they expire.`
        : `Deleted ${instance.name} (${instance.domain}) and its ${removed.length} backup(s).`,
    });
    // Operations and role assignments go with the instance; kept backups lose only their link to it.
    await tx.instance.delete({ where: { id: instance.id } });
    return { kept, removedKeys: removed.flatMap((b) => (b.storageKey ? [b.storageKey] : [])) };
  });
  const storage = backupStorage();
  for (const key of removedKeys.flatMap(backupFileKeys)) {
    await storage.delete(key).catch((error) => console.error(`instance delete: could not delete ${key}`, error));
  }
  return { kept, removed: removedKeys.length };
}
