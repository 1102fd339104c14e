import "server-only";
import { recordAudit } from "../audit/record-audit";
import { backupIdOfFileKey } from "../backups/retention";
import { recordFinishedOperation } from "../operations/record-finished-operation";
import { prisma } from "../db";
import { backupFileKeys } from "../snapshot/format";
import { openSnapshotDriver } from "../snapshot/open-snapshot-driver";
import { snapshotTables } from "../snapshot/write-snapshot";
import { backupStorage } from "../storage";
import { checkStorageIdentity, storageMarkerKey } from "../storage/storage-identity";

/** An operation that still needs its backup: a queued or running restore or update. */
const activeOperation = { status: { in: ["Queued" as const, "Running" as const] } };

/** Files younger than this are left alone by the sweep: their backup may be recording its outcome. */
const orphanGraceMs = 60 * 60_000;

export type PurgeResult = { purged: string[]; spared: string[] };

/**
 * Deletes every backup (system and on-demand) that expired at or before `now`: the row, then its
 * stored file and manifest. A backup still used by a queued or running operation is spared until
 * that operation ends. The row goes first, in one transaction with its audit entry, so a file
 * that cannot be deleted becomes an orphan for `sweepStorage`, never a listed backup without data.
 */
export async function purgeExpiredBackups(options: { now: Date }): Promise<PurgeResult> {
  const { now } = options;
  const expired = await prisma.backup.findMany({
    where: { expiresAt: { lte: now } },
    select: { id: true, instanceId: true, label: true, kind: true, storageKey: true, createdAt: true, expiresAt: true },
    orderBy: { expiresAt: "asc" },
  });
  const result: PurgeResult = { purged: [], spared: [] };
  const storage = backupStorage();
  for (const backup of expired) {
    const outcome = await prisma.$transaction(async (tx) => {
      // Lock the row first (a no-op update), then look for operations using it: a restore that
      // started meanwhile has pinned the same row, so one of the two waits for the other.
      const locked = await tx.backup.updateMany({
        where: { id: backup.id, expiresAt: { lte: now } },
        data: { expiresAt: backup.expiresAt },
      });
      if (locked.count !== 1) return "gone" as const;
      if ((await tx.operation.count({ where: { backupId: backup.id, ...activeOperation } })) > 0) {
        return "in use" as const;
      }
      const kind = backup.kind === "System" ? "system" : "on-demand";
      const operation = backup.instanceId
        ? await recordFinishedOperation(tx, {
            type: "Purge",
            instanceId: backup.instanceId,
            detail: `Expired ${kind} backup "${backup.label}" of ${backup.createdAt.toISOString()}`,
            now,
          })
        : null;
      // Audited before the row goes, so the entry can take a kept backup's owner from it.
      await recordAudit(
        {
          actor: "system",
          action: "backup.purge",
          outcome: "succeeded",
          instanceId: backup.instanceId,
          backupId: backup.id,
          operationId: operation?.id,
          detail: `Purged expired ${kind} backup "${backup.label}" created ${backup.createdAt.toISOString()}.`,
        },
        tx,
      );
      await tx.backup.delete({ where: { id: backup.id } });
      return "purged" as const;
    });
    if (outcome === "in use") result.spared.push(backup.id);
    if (outcome !== "purged") continue;
    result.purged.push(backup.id);
    // A file left behind here is an orphan the next sweep removes.
    for (const key of backup.storageKey ? backupFileKeys(backup.storageKey) : []) {
      await storage.delete(key).catch((error) => console.error(`purge: could not delete ${key}`, error));
    }
  }
  return result;
}

export type SweepResult = {
  orphanFilesRemoved: string[];
  missingFiles: string[];
  /** Files the app did not write: reported, never deleted (the storage dir may be shared by mistake). */
  unknownFiles: string[];
  incompleteFilesRemoved: string[];
};

/** Drops staging tables of restores that no longer run (failed without getting to clean up). */
async function dropAbandonedStaging(): Promise<void> {
  const driver = openSnapshotDriver();
  try {
    const ids = await driver.stagingIds();
    if (ids.length === 0) return;
    const live = await prisma.operation.findMany({
      where: { id: { in: ids }, status: { in: ["Queued", "Running"] } },
      select: { id: true },
    });
    const liveIds = new Set(live.map(({ id }) => id));
    for (const id of ids.filter((id) => !liveIds.has(id))) await driver.discardStaged(id, snapshotTables);
  } finally {
    await driver.close();
  }
}

/**
 * Reconciles storage with the database. A backup file no row points to is removed (unless it is
 * recent or its backup is still being written), and so are incomplete writes a crashed worker
 * left; a finished backup whose file is gone is marked Failed, so nobody tries to restore it.
 * Removals and missing files are audited.
 */
export async function sweepStorage(options: { now: Date }): Promise<SweepResult> {
  // Rows first, then files: a backup that finishes in between has its file listed but its row
  // still in flight, and in-flight backups' files are never touched.
  const rows = await prisma.backup.findMany({
    select: { id: true, instanceId: true, status: true, storageKey: true },
  });
  const expectedKeys = new Set<string>();
  const inFlight = new Set<string>();
  for (const row of rows) {
    if (row.status === "Queued" || row.status === "InProgress") inFlight.add(row.id);
    for (const key of row.storageKey ? backupFileKeys(row.storageKey) : []) expectedKeys.add(key);
  }

  const storage = backupStorage();
  // Acting on the wrong directory or bucket would mark every real backup missing: refuse instead.
  await checkStorageIdentity(storage);
  const graceCutoff = new Date(options.now.getTime() - orphanGraceMs);
  const result: SweepResult = {
    orphanFilesRemoved: [],
    missingFiles: [],
    unknownFiles: [],
    incompleteFilesRemoved: await storage.removeIncomplete(graceCutoff),
  };
  for (const key of result.incompleteFilesRemoved) {
    await recordAudit({
      actor: "system",
      action: "storage.sweep",
      outcome: "succeeded",
      backupId: backupIdOfFileKey(key),
      detail: `Removed the incomplete write ${key} that an interrupted backup left.`,
    });
  }
  const present = new Set<string>();
  for await (const object of storage.list()) {
    if (object.key === storageMarkerKey) continue;
    present.add(object.key);
    if (expectedKeys.has(object.key)) continue;
    const backupId = backupIdOfFileKey(object.key);
    if (!backupId) {
      result.unknownFiles.push(object.key);
      continue;
    }
    if (inFlight.has(backupId) || object.modifiedAt > graceCutoff) continue;
    await storage.delete(object.key);
    result.orphanFilesRemoved.push(object.key);
    await recordAudit({
      actor: "system",
      action: "storage.sweep",
      outcome: "succeeded",
      backupId,
      detail: `Removed orphan file ${object.key} (${object.bytes} bytes): no backup refers to it.`,
    });
  }

  await dropAbandonedStaging();

  const absent = rows.filter((row) => row.status === "Succeeded" && row.storageKey && !present.has(row.storageKey));
  // An empty listing while backups exist means the storage is unavailable (say, not mounted), not
  // that every file vanished: marking them all Failed would be wrong and permanent.
  if (present.size === 0 && absent.length > 0) {
    console.error(`sweep: backup storage is empty but ${absent.length} backup(s) expect files; is it mounted?`);
    return result;
  }
  for (const row of absent) {
    // Confirm one by one; a storage error propagates instead of reading as "missing".
    if (await storage.stat(row.storageKey!)) continue;
    const marked = await prisma.backup.updateMany({
      where: { id: row.id, status: "Succeeded", storageKey: row.storageKey },
      data: { status: "Failed", failureReason: "The backup file is missing from storage, so it can't be restored." },
    });
    if (marked.count !== 1) continue;
    result.missingFiles.push(row.id);
    await recordAudit({
      actor: "system",
      action: "storage.sweep",
      outcome: "failed",
      instanceId: row.instanceId,
      backupId: row.id,
      detail: `The file ${row.storageKey} of this backup is missing from storage.`,
    });
  }
  return result;
}
