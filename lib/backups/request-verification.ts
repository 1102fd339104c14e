import "server-only";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { ConflictError, isUniqueViolation } from "../errors";
import type { ScopedBackup } from "./find-backup";

/** Backups whose file can be re-read: finished ones, including one that failed verification before. */
export const verifiableStatuses = ["Succeeded", "FailedVerification"] as const;

/**
 * Held by a verification while it is queued or running (Operation.exclusiveKey): one per backup at
 * a time, a database rule that holds for concurrent requests and the scheduler alike.
 */
export const verificationKey = (backupId: string) => `verify:${backupId}`;

/**
 * Queues a Verify operation for a backup (loaded with the actor's backup.verify scope); the worker
 * re-reads its file. The operation and the accepted audit entry commit together.
 */
export async function requestVerification(options: {
  actor: Actor;
  backup: ScopedBackup;
  now?: Date;
  audit?: AuditAccepted;
}) {
  const now = options.now ?? new Date();
  const { backup } = options;
  if (!backup.instanceId) throw new ConflictError("Backups of a deleted instance can't be verified.");
  if (!(verifiableStatuses as readonly string[]).includes(backup.status)) {
    throw new ConflictError("Only a backup that succeeded can be verified.");
  }
  const instanceId = backup.instanceId;
  try {
    return await prisma.$transaction(async (tx) => {
      const operation = await tx.operation.create({
        data: {
          type: "Verify",
          instanceId,
          backupId: backup.id,
          requestedById: options.actor.userId,
          exclusiveKey: verificationKey(backup.id),
          createdAt: now,
        },
      });
      await options.audit?.(tx, { backupId: backup.id, operationId: operation.id, instanceId });
      return { operation };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("This backup is already being verified.");
    throw error;
  }
}
