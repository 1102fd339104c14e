import "server-only";
import type { OperationStatus, OperationType } from "@prisma/client";
import { prisma } from "../db";

export type InstanceActivity = {
  /** The oldest operation queued or running on the instance; updates and switches wait for it. */
  active: { id: string; type: OperationType; status: OperationStatus; progress: number } | null;
  /** The last update when it failed within the past day: its reason stays on the Instances page. */
  recentFailedUpdate: { targetVersion: string | null; error: string | null } | null;
};

const failedUpdateShownMs = 24 * 3_600_000;

/** What runs, and how the last update went, on each of `instanceIds` (all already authorized). */
export async function instanceActivity(
  instanceIds: string[],
  now = new Date(),
): Promise<Map<string, InstanceActivity>> {
  const activity = new Map<string, InstanceActivity>(
    instanceIds.map((id) => [id, { active: null, recentFailedUpdate: null }]),
  );
  if (instanceIds.length === 0) return activity;
  const [active, updates] = await Promise.all([
    prisma.operation.findMany({
      where: { instanceId: { in: instanceIds }, status: { in: ["Queued", "Running"] } },
      orderBy: { createdAt: "asc" },
      select: { id: true, instanceId: true, type: true, status: true, progress: true },
    }),
    prisma.operation.findMany({
      where: { instanceId: { in: instanceIds }, type: "Update" },
      orderBy: { createdAt: "desc" },
      distinct: ["instanceId"],
      select: { instanceId: true, status: true, targetVersion: true, error: true, finishedAt: true },
    }),
  ]);
  for (const { instanceId, ...operation } of active) {
    const entry = activity.get(instanceId)!;
    entry.active ??= operation;
  }
  for (const { instanceId, ...update } of updates) {
    const entry = activity.get(instanceId)!;
    if (
      update.status === "Failed" &&
      update.finishedAt &&
      now.getTime() - update.finishedAt.getTime() < failedUpdateShownMs
    ) {
      entry.recentFailedUpdate = { targetVersion: update.targetVersion, error: update.error };
    }
  }
  return activity;
}

export type BackupUsage = { backups: number; bytes: number };

/** Stored backups per instance: how many and their compressed size. */
export async function measureBackupUsage(instanceIds: string[]): Promise<Map<string, BackupUsage>> {
  const usage = new Map<string, BackupUsage>(instanceIds.map((id) => [id, { backups: 0, bytes: 0 }]));
  if (instanceIds.length === 0) return usage;
  const groups = await prisma.backup.groupBy({
    by: ["instanceId"],
    where: { instanceId: { in: instanceIds }, storageKey: { not: null } },
    _count: { _all: true },
    _sum: { sizeBytes: true },
  });
  for (const { instanceId, _count, _sum } of groups) {
    if (instanceId) usage.set(instanceId, { backups: _count._all, bytes: Number(_sum.sizeBytes ?? 0) });
  }
  return usage;
}

/** Why an instance can't be updated or switched right now (the server refuses too), or null. */
export function changeBlocker(
  instance: { name: string; state: string },
  activity: InstanceActivity | undefined,
): string | null {
  if (instance.state !== "Ready") return `${instance.name} is ${instance.state.toLowerCase()}.`;
  const active = activity?.active;
  if (active) return `${activeOperationPhrase(active)}.`;
  return null;
}

/** What each operation is called in a sentence. */
const operationNouns: Record<OperationType, string> = {
  Backup: "A backup",
  Restore: "A restore",
  Update: "An update",
  Switch: "A switch",
  Create: "A create",
  Rename: "A rename",
  Purge: "A purge",
  Verify: "A verification",
  TestRestore: "A test restore",
};

/** "A backup is queued", "A restore is running": the operation that blocks changes to an instance. */
export function activeOperationPhrase(operation: { type: OperationType; status: OperationStatus }): string {
  return `${operationNouns[operation.type]} is ${operation.status === "Queued" ? "queued" : "running"}`;
}
