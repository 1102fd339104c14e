import "server-only";
import type { Operation } from "@prisma/client";
import { prisma } from "../db";
import { databaseFilePath } from "../env";
import { CorruptBackupError, readSnapshotSections, verifyChecksum } from "../snapshot/read-snapshot";
import type { RestoreSection } from "../snapshot/snapshot-driver";
import { SqliteSnapshotDriver } from "../snapshot/sqlite-snapshot-driver";
import { snapshotTables } from "../snapshot/write-snapshot";
import { backupStorage } from "../storage";
import { failOperation } from "./fail-operation";
import { progressBoard } from "./progress-board";
import type { OperationContext } from "./run-worker";
import { throttle } from "./throttle";

/** How long a restore's apply phase may hold its lease without renewing it. */
const applyLeaseMs = 30 * 60_000;

/** Share of the progress bar spent verifying the file before anything is touched. */
const verifyShare = 30;

/** A reason safe to show users: our own verification messages, or a generic one. */
function userFacingReason(error: unknown): string {
  if (error instanceof CorruptBackupError || error instanceof RestoreRefusedError) return error.message;
  return "The restore could not be completed. The instance's data was left as it was.";
}

class RestoreRefusedError extends Error {}

/**
 * Restores a backup into the operation's target instance: verify the file (size, SHA-256) before
 * touching anything, then replace all the target's records in one transaction that also marks the
 * operation done. Any failure rolls the data back and returns the instance to Ready.
 */
export async function runRestore(operation: Operation, { owner, holdLease }: OperationContext): Promise<void> {
  const target = await prisma.instance.findUnique({ where: { id: operation.instanceId } });
  const backup = operation.backupId ? await prisma.backup.findUnique({ where: { id: operation.backupId } }) : null;
  const requester = operation.requestedById
    ? await prisma.user.findUnique({ where: { id: operation.requestedById } })
    : null;
  const actor = requester ? { userId: requester.id, email: requester.email } : ("system" as const);

  const saveProgress = throttle(async (percent: number) => {
    await prisma.operation.updateMany({ where: { id: operation.id, leaseOwner: owner }, data: { progress: percent } });
  }, 400);

  const driver = new SqliteSnapshotDriver(databaseFilePath());
  try {
    if (!target) throw new RestoreRefusedError("The target instance no longer exists.");
    if (!backup || !backup.storageKey || !backup.sha256 || backup.sizeBytes === null || backup.status !== "Succeeded") {
      throw new RestoreRefusedError("The backup is no longer available.");
    }
    // A restore accepted before the backup expired still runs: the purge spares backups in use.
    if (backup.expiresAt <= operation.createdAt)
      throw new RestoreRefusedError("The backup expired before the restore was requested.");
    const storage = backupStorage();
    await verifyChecksum({
      storage,
      key: backup.storageKey,
      sha256: backup.sha256,
      bytes: Number(backup.sizeBytes),
      onProgress: (done, total) => saveProgress(Math.floor((done / total) * verifyShare)),
    });
    await saveProgress.flush();
    // From here SQLite's single write lock is held until commit: no lease writes, and progress
    // goes to the progress board instead of the Operation row.
    // The lease is held long enough for a large restore; if this worker dies, another resumes
    // the restore once it runs out (the uncommitted transaction is rolled back by SQLite).
    await holdLease(applyLeaseMs);
    const expectedCounts = JSON.parse(backup.recordCounts ?? "{}") as Record<string, number>;
    const reader = readSnapshotSections({ storage, key: backup.storageKey, tables: snapshotTables, expectedCounts });
    const totalRows = Object.values(expectedCounts).reduce((sum, count) => sum + count, 0);
    const sha256 = backup.sha256;
    await driver.replaceInstanceData({
      instanceId: target.id,
      tables: snapshotTables,
      sections: reportingRows(reader.sections, postApplyProgress(operation.id, totalRows)),
      completion: {
        operationId: operation.id,
        leaseOwner: owner,
        finishedAt: new Date(),
        audit: {
          actorId: requester?.id ?? null,
          actorEmail: requester?.email ?? "System",
          backupId: backup.id,
          detail: `Restored "${backup.label}" into ${target.name}.`,
        },
        beforeCommit: () => reader.checkFinal(sha256),
      },
    });
  } catch (error) {
    await saveProgress.flush().catch(() => undefined);
    console.error(`restore ${operation.id} failed`, error);
    const reason = userFacingReason(error);
    // Only the lease holder may hand the instance back; a worker that lost its lease leaves it alone.
    await failOperation({ operation, owner, actor, reason, detail: error instanceof Error ? error.message : reason });
  } finally {
    progressBoard().clear(operation.id);
    driver.close();
  }
}

/**
 * The apply phase's progress (verifyShare..99%), posted to the progress board at most every
 * 400 ms: the Operation row can't be written while the restore holds SQLite's write lock.
 */
function postApplyProgress(operationId: string, totalRows: number): (rows: number) => void {
  let done = 0;
  let postedAt = 0;
  return (rows) => {
    done += rows;
    if (Date.now() - postedAt < 400 || totalRows === 0) return;
    postedAt = Date.now();
    progressBoard().post(operationId, verifyShare + Math.floor((done / totalRows) * (99 - verifyShare)));
  };
}

/** Passes the sections through, reporting each batch of rows once the driver has taken it. */
async function* reportingRows(
  sections: AsyncIterable<RestoreSection>,
  onRows: (rows: number) => void,
): AsyncGenerator<RestoreSection> {
  for await (const section of sections) {
    yield {
      spec: section.spec,
      rows: (async function* () {
        for await (const batch of section.rows) {
          yield batch;
          onRows(batch.length);
        }
      })(),
    };
  }
}
