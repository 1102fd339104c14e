import "server-only";
import type { AuditAccepted } from "../audit/record-audit";
import { prisma } from "../db";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { backupStorage } from "../storage";
import { backupFileKeys } from "../snapshot/format";
import type { ScopedBackup } from "./find-backup";

function requireOnDemand(backup: { kind: string }, verb: string) {
  if (backup.kind !== "OnDemand")
    throw new ValidationError(`System backups can't be ${verb}; they can only be restored.`);
}

/** Edits an on-demand backup's label and notes; `backup` was loaded with the actor's backup.edit scope. */
export async function editBackup(options: {
  backup: ScopedBackup;
  label: string;
  notes: string;
  audit?: AuditAccepted;
}) {
  const { backup } = options;
  requireOnDemand(backup, "edited");
  await prisma.$transaction(async (tx) => {
    // Deleted since it was read: the same answer as an id that never existed.
    const edited = await tx.backup.updateMany({
      where: { id: backup.id },
      data: { label: options.label, notes: options.notes },
    });
    if (edited.count !== 1) throw new NotFoundError("Backup not found.");
    await options.audit?.(tx, { backupId: backup.id });
  });
  return backup;
}

/** Deletes an on-demand backup and then its stored file and manifest; loaded with the backup.delete scope. */
export async function deleteBackup(options: { backup: ScopedBackup; audit?: AuditAccepted }) {
  const { backup } = options;
  requireOnDemand(backup, "deleted");
  if (backup.status === "Queued" || backup.status === "InProgress") {
    throw new ConflictError("This backup is still being created. Delete it once it has finished.");
  }
  await prisma.$transaction(async (tx) => {
    // The backup's row lock first (a no-op update): startRestore writes this row before it queues a
    // restore, so one waits for the other, and the count below, a statement of its own, sees a
    // restore that committed meanwhile. (On PostgreSQL the count alone missed one still committing,
    // and both the delete and the restore went through.)
    await tx.backup.updateMany({ where: { id: backup.id }, data: { id: backup.id } });
    const restoring = await tx.operation.count({
      where: { backupId: backup.id, type: "Restore", status: { in: ["Queued", "Running"] } },
    });
    if (restoring > 0)
      throw new ConflictError("This backup is being restored. Delete it once the restore has finished.");
    await tx.backup.delete({ where: { id: backup.id } });
    await options.audit?.(tx, { backupId: backup.id });
  });
  // After the commit: a file whose row is gone is an orphan the storage sweep also removes.
  if (backup.storageKey) {
    const storage = backupStorage();
    for (const key of backupFileKeys(backup.storageKey)) await storage.delete(key);
  }
  return backup;
}
