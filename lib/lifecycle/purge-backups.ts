import "server-only";
import { recordAudit } from "../audit/record-audit";
import { backupIdOfFileKey } from "../backups/retention";
import { prisma } from "../db";
import { manifestKey } from "../snapshot/format";
import { backupStorage } from "../storage";

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
    select: { id: true, instanceId: true, label: true, kind: true, storageKey: true, createdAt: true },
    orderBy: { expiresAt: "asc" },
  });
  const result: PurgeResult = { purged: [], spared: [] };
  const storage = backupStorage();
  for (const backup of expired) {
    const deleted = await prisma.$transaction(async (tx) => {
      const { count } = await tx.backup.deleteMany({
        where: { id: backup.id, expiresAt: { lte: now }, operations: { none: activeOperation } },
      });
      if (count === 1) {
        await recordAudit(
          {
            actor: "system",
            action: "backup.purge",
            outcome: "succeeded",
            instanceId: backup.instanceId,
            backupId: backup.id,
            detail: `Purged expired ${backup.kind === "System" ? "system" : "on-demand"} backup "${backup.label}" created ${backup.createdAt.toISOString()}.`,
          },
          tx,
        );
      }
      return count === 1;
    });
    if (!deleted) {
      result.spared.push(backup.id);
      continue;
    }
    result.purged.push(backup.id);
    if (backup.storageKey) {
      await storage.delete(backup.storageKey).catch((error) => console.error("purge: file delete failed", error));
      await storage.delete(manifestKey(backup.storageKey)).catch(() => undefined);
    }
  }
  return result;
}

export type SweepResult = { orphanFilesRemoved: string[]; missingFiles: string[] };

/**
 * Reconciles storage with the database. A stored file no backup row points to is removed (unless
 * it is recent or its backup is still being written); a finished backup whose file is gone is
 * marked Failed, so nobody tries to restore it. Both are audited.
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
    if (row.storageKey) expectedKeys.add(row.storageKey).add(manifestKey(row.storageKey));
  }

  const storage = backupStorage();
  const result: SweepResult = { orphanFilesRemoved: [], missingFiles: [] };
  const present = new Set<string>();
  for await (const object of storage.list()) {
    present.add(object.key);
    if (expectedKeys.has(object.key)) continue;
    const backupId = backupIdOfFileKey(object.key);
    if (backupId && inFlight.has(backupId)) continue;
    if (options.now.getTime() - object.modifiedAt.getTime() < orphanGraceMs) continue;
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

  for (const row of rows) {
    if (row.status !== "Succeeded" || !row.storageKey || present.has(row.storageKey)) continue;
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
