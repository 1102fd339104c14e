import "server-only";
import type { Operation } from "@prisma/client";
import { queueAlert } from "../alerts/queue-alert";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { failedVerificationMessage } from "../backups/start-restore";
import { checkStoredBackup } from "../snapshot/check-stored-backup";
import { CorruptBackupError } from "../snapshot/corrupt-backup-error";
import { readSnapshotSections } from "../snapshot/read-snapshot";
import { openSnapshotDriver } from "../snapshot/open-snapshot-driver";
import { snapshotTables } from "../snapshot/write-snapshot";
import { backupStorage } from "../storage";
import { LeaseLostError } from "./claim-operation";
import { failOperation } from "./fail-operation";
import type { OperationContext } from "./run-worker";
import { throttle } from "./throttle";

class RestoreRefusedError extends Error {}

/** A reason safe to show users: our own verification messages, or a generic one. */
function userFacingReason(error: unknown): string {
  if (error instanceof CorruptBackupError || error instanceof RestoreRefusedError) return error.message;
  return "The restore could not be completed. The instance's data was left as it was.";
}

/**
 * Restores a backup into the operation's target instance, all or nothing:
 * 1. the file, its manifest and the Backup row are checked against each other;
 * 2. the file is read once, verified as it streams (format, shapes, counts, size cap), and the
 *    driver replaces the target's rows with it (SQLite: staged in short transactions, then swapped
 *    in one; PostgreSQL: copied straight in, in one transaction that holds only the target's
 *    rows), so other instances' work goes on meanwhile and the lease keeps being renewed;
 * 3. once the bytes read match the recorded SHA-256, the same transaction checks the lease and
 *    records the outcome, so data and "Succeeded" commit together.
 * Any failure rolls the replacement back (and drops staging tables) and leaves the target as it was.
 */
export async function runRestore(operation: Operation, { owner, leaseLost }: OperationContext): Promise<void> {
  const target = await prisma.instance.findUnique({ where: { id: operation.instanceId } });
  const backup = operation.backupId ? await prisma.backup.findUnique({ where: { id: operation.backupId } }) : null;
  const requester = operation.requestedById
    ? await prisma.user.findUnique({ where: { id: operation.requestedById } })
    : null;
  const actor = requester ? { userId: requester.id, email: requester.email } : ("system" as const);

  const saveProgress = throttle(async ({ done, total }: { done: number; total: number }) => {
    const percent = total === 0 ? 99 : Math.min(99, Math.floor((done / total) * 99));
    await prisma.operation.updateMany({
      where: { id: operation.id, leaseOwner: owner },
      data: { progress: percent, recordsDone: done, recordsTotal: total },
    });
  }, 400);

  const driver = openSnapshotDriver();
  try {
    if (!target) throw new RestoreRefusedError("The target instance no longer exists.");
    // Verified as damaged after the restore was accepted: refused with what the verification found.
    if (backup?.status === "FailedVerification")
      throw new RestoreRefusedError(failedVerificationMessage(backup.failureReason));
    if (!backup || backup.status !== "Succeeded") throw new RestoreRefusedError("The backup is no longer available.");
    // A restore accepted before the backup expired still runs: the purge spares backups in use.
    if (backup.expiresAt <= operation.createdAt)
      throw new RestoreRefusedError("The backup expired before the restore was requested.");
    const storage = backupStorage();
    // The manifest names the instance the backup was taken of, which may have been deleted since.
    const takenOf = { ...backup, instanceId: backup.instanceId ?? backup.deletedInstanceId };
    const stored = await checkStoredBackup({ storage, backup: takenOf, tables: snapshotTables });
    const reader = readSnapshotSections({
      storage,
      key: stored.key,
      tables: snapshotTables,
      expectedCounts: stored.counts,
      rawBytes: stored.rawBytes,
      bytes: stored.bytes,
    });
    const totalRows = Object.values(stored.counts).reduce((sum, count) => sum + count, 0);
    leaseLost.throwIfAborted();
    await driver.replaceRows({
      instanceId: target.id,
      stagingId: operation.id,
      tables: snapshotTables,
      sections: reader.sections,
      checkpoint: async (rowsDone) => {
        leaseLost.throwIfAborted();
        saveProgress({ done: rowsDone, total: totalRows });
        // Every row is in: the count is written now, before the outcome (outside its transaction).
        if (rowsDone === totalRows) await saveProgress.flush();
      },
      commit: async (tx) => {
        reader.checkFinal(stored.sha256);
        // Only while this worker still holds the lease: otherwise another one owns the outcome.
        const finishedAt = new Date();
        const held = await tx.operation.updateMany({
          where: { id: operation.id, leaseOwner: owner, status: "Running" },
          data: {
            status: "Succeeded",
            progress: 100,
            finishedAt,
            exclusiveKey: null,
            leaseOwner: null,
            leaseExpiresAt: null,
            error: null,
          },
        });
        if (held.count !== 1) throw new LeaseLostError();
        await tx.instance.update({ where: { id: target.id }, data: { state: "Ready" } });
        await recordAudit(
          {
            actor,
            action: "backup.restore",
            outcome: "succeeded",
            at: finishedAt,
            instanceId: target.id,
            backupId: backup.id,
            operationId: operation.id,
            detail: `Restored "${backup.label}" into ${target.name}.`,
          },
          tx,
        );
        await queueAlert(tx, {
          type: "restore.succeeded",
          message: `Restored "${backup.label}" into ${target.name}.`,
          occurredAt: finishedAt,
          subject: { instanceId: target.id },
          backupId: backup.id,
          operationId: operation.id,
        });
      },
    });
    await driver.reclaimSpace();
  } catch (error) {
    await saveProgress.flush().catch(() => undefined);
    try {
      await driver.discardStaged(operation.id, snapshotTables);
    } catch (discardError) {
      // The next attempt (or the sweep) drops them; the outcome below matters more.
      console.error(`restore ${operation.id}: staging tables not dropped`, discardError);
    }
    // Another worker owns the operation now and records its outcome.
    if (error instanceof LeaseLostError || leaseLost.aborted) return;
    console.error(`restore ${operation.id} failed`, error);
    const reason = userFacingReason(error);
    await failOperation({ operation, owner, actor, reason, detail: error instanceof Error ? error.message : reason });
  } finally {
    await driver.close();
  }
}
