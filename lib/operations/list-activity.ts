import "server-only";
import type { Instance } from "@prisma/client";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { operationViewInclude, viewOperation } from "./view-operation";

export const activityPageSize = 10;

/**
 * One page of an instance's Activity, newest first: every operation on it (backups, restores into
 * it, updates, switches, renames, purges) and every restore of its backups into other instances.
 * `instance` was loaded with the actor's backup.view scope.
 */
export async function listActivity(options: { actor: Actor; instance: Instance; page?: number }) {
  const { actor, instance } = options;
  const where = {
    OR: [{ instanceId: instance.id }, { type: "Restore" as const, backup: { instanceId: instance.id } }],
  };
  const total = await prisma.operation.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / activityPageSize));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await prisma.operation.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * activityPageSize,
    take: activityPageSize,
    include: operationViewInclude,
  });
  const items = rows.map((op) => ({
    ...viewOperation(actor, instance.id, op),
    /** A restore seen from its backup's instance went "to" another; all else happened "on" this one. */
    direction: op.type === "Restore" && op.instanceId !== instance.id ? ("to" as const) : ("on" as const),
    startedBy: op.requestedBy?.name ?? "System",
    detail: op.detail,
    targetVersion: op.targetVersion,
    attempts: op.attempts,
    createdAt: op.createdAt,
    durationMs: op.startedAt && op.finishedAt ? op.finishedAt.getTime() - op.startedAt.getTime() : null,
  }));
  return { items, page, pageCount, total };
}

export type ActivityItem = Awaited<ReturnType<typeof listActivity>>["items"][number];
