import "server-only";
import type { Instance } from "@prisma/client";
import { queueAlert } from "../alerts/queue-alert";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { ConflictError, isUniqueViolation, ValidationError } from "../errors";
import type { ScopedBackup } from "./find-backup";

/** Why a backup that failed verification is refused, with what the verification found. */
export function failedVerificationMessage(reason: string | null): string {
  return `This backup failed verification, so it can't be restored.${reason ? ` ${reason}` : ""}`;
}

/**
 * Queues a restore of a backup into a Sandbox instance. The target turns Restoring (unavailable)
 * in the same transaction that queues the operation; the unique exclusiveKey makes a second
 * restore of the same instance impossible even for concurrent requests.
 */
export async function startRestore(options: {
  actor: Actor;
  /** Loaded with the actor's backup.restore scope, expired ones included. */
  backup: ScopedBackup;
  /** Loaded with the actor's instance.restoreInto scope. */
  target: Instance;
  now?: Date;
  audit?: AuditAccepted;
}) {
  const now = options.now ?? new Date();
  const { backup, target } = options;

  if (backup.expiresAt <= now) throw new ConflictError("This backup has expired and can no longer be restored.");
  if (backup.status === "FailedVerification") throw new ConflictError(failedVerificationMessage(backup.failureReason));
  if (backup.status === "Failed") throw new ConflictError("This backup failed, so it can't be restored.");
  if (backup.status !== "Succeeded")
    throw new ConflictError("This backup hasn't finished yet. Restore it once it has succeeded.");
  if (target.tenantId !== (backup.instance?.tenantId ?? backup.deletedInstanceTenantId)) {
    throw new ValidationError("A backup can only be restored to an instance of the same tenant.");
  }
  if (target.type !== "Sandbox") {
    throw new ValidationError(`You can only restore to a Sandbox instance. Switch ${target.name} to Sandbox first.`);
  }

  try {
    return await prisma.$transaction(async (tx) => {
      // Touching the backup row locks it against a concurrent purge (see purgeExpiredBackups) and
      // re-checks, under that lock, that it is still restorable.
      const pinned = await tx.backup.updateMany({
        where: { id: backup.id, status: "Succeeded", expiresAt: { gt: now } },
        data: { status: "Succeeded" },
      });
      if (pinned.count !== 1) {
        // Say what happened since the backup was read: deleted, failed verification, or expired.
        const current = await tx.backup.findUnique({
          where: { id: backup.id },
          select: { status: true, failureReason: true },
        });
        throw new ConflictError(
          !current
            ? "This backup was just deleted, so it can't be restored."
            : current.status === "FailedVerification"
              ? failedVerificationMessage(current.failureReason)
              : current.status !== "Succeeded"
                ? "This backup failed, so it can't be restored."
                : "This backup has expired and can no longer be restored.",
        );
      }
      // Type and state are part of the condition, so a concurrent switch to Production wins or loses cleanly.
      const locked = await tx.instance.updateMany({
        where: { id: target.id, state: "Ready", type: "Sandbox" },
        data: { state: "Restoring" },
      });
      if (locked.count !== 1) {
        const current = await tx.instance.findUnique({ where: { id: target.id }, select: { state: true, type: true } });
        throw new ConflictError(
          current?.type === "Production"
            ? `${target.name} was just switched to Production. Switch it to Sandbox first.`
            : current?.state === "Restoring"
              ? `A restore is already running on ${target.name}.`
              : `${target.name} is busy (${current?.state ?? "unavailable"}). Try again when it is Ready.`,
        );
      }
      const operation = await tx.operation.create({
        data: {
          type: "Restore",
          instanceId: target.id,
          backupId: backup.id,
          requestedById: options.actor.userId,
          exclusiveKey: target.id,
          createdAt: now,
        },
      });
      await options.audit?.(tx, { backupId: backup.id, operationId: operation.id, instanceId: target.id });
      await queueAlert(tx, {
        type: "restore.started",
        message: `${options.actor.name} started restoring "${backup.label}" into ${target.name}; ${target.name} is unavailable until it finishes.`,
        occurredAt: now,
        subject: { instanceId: target.id },
        backupId: backup.id,
        operationId: operation.id,
      });
      return { backup, target, operation };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A restore is already running on ${target.name}.`);
    throw error;
  }
}
