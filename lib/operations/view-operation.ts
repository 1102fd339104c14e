import "server-only";
import type { Prisma } from "@prisma/client";
import { can, canOnBackup, type Actor } from "../auth/policy";

/** What stands for an instance outside the actor's scope: nothing about it may reach them. */
export const anotherInstance = "another instance";

/** What viewOperation needs of an operation row. */
export const operationViewInclude = {
  backup: {
    select: {
      label: true,
      recordCounts: true,
      sizeBytes: true,
      deletedInstanceTenantId: true,
      deletedInstanceName: true,
      instance: { select: { id: true, tenantId: true, name: true } },
    },
  },
  instance: { select: { id: true, tenantId: true, name: true } },
  requestedBy: { select: { name: true } },
} satisfies Prisma.OperationInclude;

export type ViewableOperation = Prisma.OperationGetPayload<{ include: typeof operationViewInclude }>;

/**
 * An operation as seen from instance `viewedFromId`, which the actor may view. A restore joins two
 * instances (its backup's and its target): where the other one is outside the actor's scope, its
 * name, the backup's label, its size and records, and the failure reason are withheld.
 */
export function viewOperation(actor: Actor, viewedFromId: string, op: ViewableOperation) {
  const targetVisible = op.instance.id === viewedFromId || can(actor, "backup.view", op.instance);
  const sourceVisible =
    !op.backup || op.backup.instance?.id === viewedFromId || canOnBackup(actor, "backup.view", op.backup);
  const counts = op.backup?.recordCounts ? (JSON.parse(op.backup.recordCounts) as Record<string, number>) : null;
  return {
    id: op.id,
    type: op.type,
    status: op.status,
    progress: op.progress,
    error: targetVisible && sourceVisible ? op.error : op.error && "The restore did not complete.",
    // null: the backup belongs to an instance the actor may not see.
    label: sourceVisible ? (op.backup?.label ?? "") : null,
    targetName: targetVisible ? op.instance.name : anotherInstance,
    sourceName: !sourceVisible
      ? anotherInstance
      : (op.backup?.instance?.name ?? op.backup?.deletedInstanceName ?? null),
    records: sourceVisible && counts ? Object.values(counts).reduce((sum, n) => sum + n, 0) : null,
    bytes: sourceVisible && op.backup?.sizeBytes != null ? Number(op.backup.sizeBytes) : null,
  };
}
