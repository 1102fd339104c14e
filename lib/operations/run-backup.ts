import "server-only";
import { randomBytes } from "node:crypto";
import type { Operation } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { backupFileKey } from "../backups/retention";
import { prisma } from "../db";
import { backupFileKeys, snapshotCodec, snapshotFormatVersion } from "../snapshot/format";
import { openSnapshotDriver } from "../snapshot/open-snapshot-driver";
import { writeSnapshot } from "../snapshot/write-snapshot";
import { backupStorage } from "../storage";
import { checkStorageIdentity, StorageMismatchError } from "../storage/storage-identity";
import { LeaseLostError } from "./claim-operation";
import { failOperation } from "./fail-operation";
import type { OperationContext } from "./run-worker";
import { throttle } from "./throttle";

/**
 * Takes the snapshot for a Backup operation, or for an Update operation's pre-update backup, and
 * records the outcome. An update's new version is recorded in the same transaction as its backup's
 * success; a failed pre-update backup cancels the update and leaves the version as it was.
 */
export async function runBackup(operation: Operation, { owner, leaseLost }: OperationContext): Promise<void> {
  const backup = operation.backupId
    ? await prisma.backup.findUnique({
        where: { id: operation.backupId },
        include: { instance: true },
      })
    : null;
  const requester = operation.requestedById
    ? await prisma.user.findUnique({ where: { id: operation.requestedById } })
    : null;
  const actor = requester ? { userId: requester.id, email: requester.email } : ("system" as const);
  // A backup runs only while its instance exists: deleting an instance waits for its operations.
  const instance = backup?.instance;
  if (!backup || !instance) {
    await failOperation({ operation, owner, actor, reason: "The backup was removed before it could run." });
    return;
  }
  const key = backupFileKey(instance.id, backup.id, randomBytes(4).toString("hex"));
  const storage = backupStorage();
  // Guarded by status so a worker that lost its lease cannot reopen a finished backup.
  await prisma.backup.updateMany({
    where: { id: backup.id, status: { in: ["Queued", "InProgress"] } },
    data: { status: "InProgress", progress: 0, failureReason: null },
  });

  const saveProgress = throttle(async ({ done, total }: { done: number; total: number }) => {
    const percent = total === 0 ? 99 : Math.min(99, Math.floor((done / total) * 100));
    await prisma.$transaction([
      prisma.backup.updateMany({ where: { id: backup.id, status: "InProgress" }, data: { progress: percent } }),
      prisma.operation.updateMany({
        where: { id: operation.id, leaseOwner: owner },
        data: { progress: percent, recordsDone: done, recordsTotal: total },
      }),
    ]);
  }, 400);

  const driver = openSnapshotDriver();
  try {
    // Never write backups into a storage that isn't this database's (say, a wrong mount).
    await checkStorageIdentity(storage);
    const manifest = await writeSnapshot({
      driver,
      storage,
      key,
      instance: { id: instance.id, version: backup.instanceVersion },
      onProgress: (done, total) => {
        leaseLost.throwIfAborted();
        saveProgress({ done, total });
      },
    });
    await saveProgress.flush();
    const finishedAt = new Date();
    await prisma.$transaction(async (tx) => {
      // Only the lease holder records the outcome; a worker that lost its lease rolls back here.
      const finished = await tx.operation.updateMany({
        where: { id: operation.id, leaseOwner: owner, status: "Running" },
        data: {
          status: "Succeeded",
          progress: 100,
          finishedAt,
          exclusiveKey: null,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      });
      if (finished.count !== 1) throw new LeaseLostError();
      await tx.backup.update({
        where: { id: backup.id },
        data: {
          status: "Succeeded",
          progress: 100,
          sizeBytes: BigInt(manifest.bytes),
          rawBytes: manifest.rawBytes === undefined ? null : BigInt(manifest.rawBytes),
          sha256: manifest.sha256,
          storageKey: key,
          formatVersion: snapshotFormatVersion,
          codec: snapshotCodec,
          recordCounts: JSON.stringify(manifest.counts),
          completedAt: finishedAt,
        },
      });
      const audit = { actor, instanceId: instance.id, backupId: backup.id, operationId: operation.id };
      await recordAudit({ ...audit, action: "backup.create", outcome: "succeeded" }, tx);
      if (operation.type === "Update" && operation.targetVersion) {
        const updated = await tx.instance.updateMany({
          where: { id: instance.id, state: "Updating" },
          data: { state: "Ready", version: operation.targetVersion },
        });
        // Never report an update that did not happen: roll back and fail the operation instead.
        if (updated.count !== 1) throw new Error(`${instance.name} was no longer Updating.`);
        await recordAudit(
          {
            ...audit,
            action: "instance.update",
            outcome: "succeeded",
            detail: `Updated ${instance.name} from ${backup.instanceVersion} to ${operation.targetVersion}.`,
          },
          tx,
        );
      }
    });
  } catch (error) {
    await saveProgress.flush().catch(() => undefined);
    for (const stored of backupFileKeys(key)) await storage.delete(stored).catch(() => undefined);
    if (error instanceof LeaseLostError) return;
    console.error(`backup ${backup.id} failed`, error);
    const backupReason =
      error instanceof StorageMismatchError
        ? error.message
        : "The snapshot could not be written. See the server log for details.";
    await failOperation({
      operation,
      owner,
      actor,
      reason:
        operation.type === "Update"
          ? `The backup before the update failed, so the update was cancelled. ${instance.name} stays on version ${backup.instanceVersion}.`
          : backupReason,
      backupReason,
      detail: error instanceof Error ? error.message : String(error),
    });
  } finally {
    await driver.close();
  }
}
