import "server-only";
import type { OperationStatus, OperationType } from "@prisma/client";
import { backupScope, can, canOnBackup, instanceScope, type Actor } from "../auth/policy";
import { prisma } from "../db";
import { estimateRemainingSeconds, type PastRun } from "../operations/estimate-remaining";
import { operationViewInclude, viewOperation } from "../operations/view-operation";

/** An operation as the live stream sends it: what the actor may see of it, and how far it got. */
export type LiveOperation = {
  id: string;
  type: OperationType;
  status: OperationStatus;
  /** The instances of the operation the actor may see (a restore has two); the first is its page. */
  instanceIds: string[];
  /** Null when the backup belongs to an instance the actor may not see. */
  label: string | null;
  backupId: string | null;
  targetName: string;
  targetVersion: string | null;
  progress: number;
  recordsDone: number | null;
  recordsTotal: number | null;
  recordsPerSecond: number | null;
  etaSeconds: number | null;
  error: string | null;
  /** Queued by the scheduler rather than by a person. */
  bySystem: boolean;
};

export type LiveSnapshot = { operations: LiveOperation[] };

/** Finished operations stay in the snapshot this long, so every open tab sees how they ended. */
const finishedShownMs = 60_000;
/** How many earlier runs of the same kind on the instance the ETA learns from. */
const historyRuns = 5;

async function pastRuns(instanceId: string, type: OperationType): Promise<PastRun[]> {
  const runs = await prisma.operation.findMany({
    where: { instanceId, type, status: "Succeeded", recordsTotal: { gt: 0 }, startedAt: { not: null } },
    orderBy: { finishedAt: "desc" },
    take: historyRuns,
    select: { recordsTotal: true, startedAt: true, finishedAt: true },
  });
  return runs.flatMap((run) =>
    run.startedAt && run.finishedAt
      ? [{ records: run.recordsTotal ?? 0, ms: run.finishedAt.getTime() - run.startedAt.getTime() }]
      : [],
  );
}

/**
 * The operations queued, running or just finished on the instances the actor may view, including
 * restores out of their backups into instances they may not (whose names are withheld).
 */
export async function loadLiveSnapshot(actor: Actor, now = new Date()): Promise<LiveSnapshot> {
  const rows = await prisma.operation.findMany({
    where: {
      AND: [
        {
          OR: [
            { status: { in: ["Queued", "Running"] } },
            { finishedAt: { gt: new Date(now.getTime() - finishedShownMs) } },
          ],
        },
        {
          OR: [
            { instance: instanceScope(actor, "backup.view") },
            { type: "Restore", backup: backupScope(actor, "backup.view") },
          ],
        },
      ],
    },
    // The newest hundred, oldest first: a burst of scheduled backups must not hide what just began.
    orderBy: { createdAt: "desc" },
    take: 100,
    include: operationViewInclude,
  });
  rows.reverse();
  const operations = await Promise.all(
    rows.map(async (row): Promise<LiveOperation> => {
      const instanceIds = [
        ...(can(actor, "backup.view", row.instance) ? [row.instance.id] : []),
        ...(row.backup?.instance &&
        row.backup.instance.id !== row.instance.id &&
        canOnBackup(actor, "backup.view", row.backup)
          ? [row.backup.instance.id]
          : []),
      ];
      const view = viewOperation(actor, instanceIds[0] ?? row.instance.id, row);
      const elapsedMs = row.startedAt ? now.getTime() - row.startedAt.getTime() : 0;
      const measuring = row.status === "Running" && row.recordsTotal !== null;
      const done = row.recordsDone ?? 0;
      return {
        id: row.id,
        type: row.type,
        status: row.status,
        instanceIds,
        label: view.label,
        backupId: view.label === null ? null : row.backupId,
        targetName: view.targetName,
        targetVersion: row.targetVersion,
        progress: row.progress,
        recordsDone: row.recordsDone,
        recordsTotal: row.recordsTotal,
        recordsPerSecond: measuring && elapsedMs > 0 && done > 0 ? Math.round((done / elapsedMs) * 1000) : null,
        etaSeconds: measuring
          ? estimateRemainingSeconds({
              done,
              total: row.recordsTotal!,
              elapsedMs,
              history: await pastRuns(row.instance.id, row.type),
            })
          : null,
        error: view.error,
        bySystem: row.requestedById === null,
      };
    }),
  );
  // A restore out of a deleted instance's backup into an instance out of scope: nothing to show.
  return { operations: operations.filter((op) => op.instanceIds.length > 0) };
}
