import "server-only";
import type { OperationType, Prisma } from "@prisma/client";

/**
 * Records a change that happens at once (creating or renaming an instance) as an operation that
 * has already succeeded, in the transaction of the change, so it shows with the instance's others.
 */
export function recordFinishedOperation(
  tx: Prisma.TransactionClient,
  options: { type: OperationType; instanceId: string; requestedById: string; now: Date },
) {
  const { now, ...operation } = options;
  return tx.operation.create({
    data: { ...operation, status: "Succeeded", progress: 100, createdAt: now, startedAt: now, finishedAt: now },
  });
}
