import "server-only";
import type { OperationType, Prisma } from "@prisma/client";

/**
 * Records a change that happens at once (creating, renaming or switching an instance, purging an
 * expired backup) as an operation that has already succeeded, in the transaction of the change,
 * so it shows in the instance's Activity with the others. No `requestedById`: done by System.
 */
export function recordFinishedOperation(
  tx: Prisma.TransactionClient,
  options: { type: OperationType; instanceId: string; requestedById?: string; detail?: string; now: Date },
) {
  const { now, ...operation } = options;
  return tx.operation.create({
    data: { ...operation, status: "Succeeded", progress: 100, createdAt: now, startedAt: now, finishedAt: now },
  });
}
