import "server-only";
import type { Operation } from "@prisma/client";
import { queueAlert } from "../alerts/queue-alert";
import { recordAudit, type AuditInput } from "../audit/record-audit";
import { prisma } from "../db";

/** The audit action each operation type reports its outcome under. */
export const auditActionOf: Record<Operation["type"], string> = {
  Backup: "backup.create",
  Restore: "backup.restore",
  Update: "instance.update",
  Switch: "instance.switch",
  Create: "instance.create",
  Rename: "instance.rename",
  Purge: "backup.purge",
  Verify: "backup.verify",
  TestRestore: "backup.testRestore",
};

/** The alert a failed operation raises: a backup (an update's pre-update backup too) or a restore. */
const failureAlertOf: Partial<Record<Operation["type"], "backup.failed" | "restore.failed">> = {
  Backup: "backup.failed",
  Update: "backup.failed",
  Restore: "restore.failed",
};

/**
 * Ends an operation as Failed in one transaction: the operation, the instance it made unavailable
 * (back to Ready), the backup it was writing (Failed), the audit entry and its alert. Only the lease holder may
 * do it; a worker that lost its lease changes nothing. Returns whether it applied.
 */
export async function failOperation(options: {
  operation: Pick<Operation, "id" | "type" | "instanceId" | "backupId">;
  owner: string;
  actor: AuditInput["actor"];
  /** Shown to users on the operation. */
  reason: string;
  /** Shown on the backup the operation was writing; defaults to `reason`. */
  backupReason?: string;
  /** For the audit log only (e.g. the underlying error). */
  detail?: string;
}): Promise<boolean> {
  const { operation, owner, reason } = options;
  return prisma.$transaction(async (tx) => {
    const finishedAt = new Date();
    const failed = await tx.operation.updateMany({
      where: { id: operation.id, leaseOwner: owner, status: "Running" },
      data: {
        status: "Failed",
        error: reason.slice(0, 500),
        finishedAt,
        exclusiveKey: null,
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    });
    if (failed.count !== 1) return false;
    if (operation.type === "Restore" || operation.type === "Update") {
      await tx.instance.updateMany({
        where: { id: operation.instanceId, state: operation.type === "Restore" ? "Restoring" : "Updating" },
        data: { state: "Ready" },
      });
    }
    if (operation.backupId && (operation.type === "Backup" || operation.type === "Update")) {
      await tx.backup.updateMany({
        where: { id: operation.backupId, status: { in: ["Queued", "InProgress"] } },
        data: { status: "Failed", failureReason: (options.backupReason ?? reason).slice(0, 500) },
      });
    }
    await recordAudit(
      {
        actor: options.actor,
        action: auditActionOf[operation.type],
        outcome: "failed",
        instanceId: operation.instanceId,
        backupId: operation.backupId,
        operationId: operation.id,
        detail: options.detail ?? reason,
      },
      tx,
    );
    const alert = failureAlertOf[operation.type];
    if (alert) {
      await queueAlert(tx, {
        type: alert,
        message: reason,
        occurredAt: finishedAt,
        subject: { instanceId: operation.instanceId },
        backupId: operation.backupId,
        operationId: operation.id,
      });
    }
    return true;
  });
}
