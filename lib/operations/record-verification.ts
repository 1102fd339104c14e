import "server-only";
import type { Backup, Operation } from "@prisma/client";
import { queueAlert } from "../alerts/queue-alert";
import { recordAudit, type AuditInput } from "../audit/record-audit";
import { prisma } from "../db";
import { formatCount, formatDuration } from "../format";
import { CorruptBackupError } from "../snapshot/corrupt-backup-error";
import { LeaseLostError } from "./claim-operation";
import { auditActionOf, failOperation } from "./fail-operation";

export type VerificationOutcome =
  | { passed: true; records: number; /** Test restores only: how long staging every row took. */ restoreMs?: number }
  | { passed: false; reason: string; restoreMs?: number };

function describe(outcome: VerificationOutcome, isTestRestore: boolean): string {
  if (!outcome.passed) return outcome.reason;
  const records = `${formatCount(outcome.records)} ${outcome.records === 1 ? "record" : "records"}`;
  return isTestRestore && outcome.restoreMs !== undefined
    ? `${records} in ${formatDuration(outcome.restoreMs)}`
    : `${records} checked`;
}

/**
 * Ends a Verify or TestRestore operation and records its result on the backup, with the audit
 * entry, in one transaction; only the lease holder may. A failure turns the backup to Failed
 * verification (never restorable while so) and keeps the time of its first failure. A later pass
 * means the file's bytes hash again to the SHA-256 recorded when it was written, so it is whole
 * (e.g. the storage came back) and restorable again; the failure stays in Activity, the audit log
 * and verificationFailedAt. Returns whether it applied.
 */
export async function recordVerification(options: {
  operation: Pick<Operation, "id" | "type" | "instanceId">;
  backup: Pick<Backup, "id" | "label">;
  owner: string;
  actor: AuditInput["actor"];
  outcome: VerificationOutcome;
}): Promise<boolean> {
  const { operation, backup, owner, outcome } = options;
  const isTestRestore = operation.type === "TestRestore";
  const detail = describe(outcome, isTestRestore);
  return prisma.$transaction(async (tx) => {
    const finishedAt = new Date();
    const finished = await tx.operation.updateMany({
      where: { id: operation.id, leaseOwner: owner, status: "Running" },
      data: {
        status: outcome.passed ? "Succeeded" : "Failed",
        progress: 100,
        detail: outcome.passed ? detail : null,
        error: outcome.passed ? null : detail.slice(0, 500),
        finishedAt,
        exclusiveKey: null,
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    });
    if (finished.count !== 1) return false;
    const testRestore = isTestRestore
      ? {
          testRestoredAt: finishedAt,
          testRestorePassed: outcome.passed,
          testRestoreRecords: outcome.passed ? outcome.records : null,
          testRestoreMs: outcome.restoreMs ?? null,
        }
      : {};
    const verification = {
      verifiedAt: finishedAt,
      verificationPassed: outcome.passed,
      verificationReason: outcome.passed ? null : detail.slice(0, 500),
      ...testRestore,
    };
    if (outcome.passed) {
      await tx.backup.updateMany({
        where: { id: backup.id, status: { in: ["Succeeded", "FailedVerification"] } },
        data: { ...verification, status: "Succeeded", failureReason: null },
      });
    } else {
      await tx.backup.updateMany({
        where: { id: backup.id, status: { in: ["Succeeded", "FailedVerification"] } },
        data: { ...verification, status: "FailedVerification", failureReason: detail.slice(0, 500) },
      });
      await tx.backup.updateMany({
        where: { id: backup.id, verificationFailedAt: null },
        data: { verificationFailedAt: finishedAt },
      });
    }
    if (!outcome.passed) {
      await queueAlert(tx, {
        type: "verification.failed",
        message: `${isTestRestore ? "Test restore" : "Verification"} of "${backup.label}" failed: ${detail}`,
        occurredAt: finishedAt,
        subject: { instanceId: operation.instanceId },
        backupId: backup.id,
        operationId: operation.id,
      });
    }
    await recordAudit(
      {
        actor: options.actor,
        action: auditActionOf[operation.type],
        outcome: outcome.passed ? "succeeded" : "failed",
        at: finishedAt,
        instanceId: operation.instanceId,
        backupId: backup.id,
        operationId: operation.id,
        detail: `${isTestRestore ? "Test restore" : "Verification"} of "${backup.label}" ${outcome.passed ? "passed" : "failed"}: ${detail}`,
      },
      tx,
    );
    return true;
  });
}

/**
 * Ends a Verify or TestRestore operation that threw. Damage found in the file is a failed
 * verification; an error that says nothing about the file (the database was busy, say) fails the
 * operation alone and leaves the backup as it was; after a lost lease the new holder records the outcome.
 */
export async function settleVerificationError(options: {
  operation: Pick<Operation, "id" | "type" | "instanceId" | "backupId">;
  backup: Pick<Backup, "id" | "label">;
  owner: string;
  actor: AuditInput["actor"];
  error: unknown;
  leaseLost: AbortSignal;
}): Promise<void> {
  const { operation, owner, actor, error } = options;
  if (error instanceof LeaseLostError || options.leaseLost.aborted) return;
  if (error instanceof CorruptBackupError) {
    await recordVerification({ ...options, outcome: { passed: false, reason: error.message } });
    return;
  }
  const what = operation.type === "TestRestore" ? "test restore" : "verification";
  console.error(`${what} ${operation.id} failed`, error);
  await failOperation({
    operation,
    owner,
    actor,
    reason: `The ${what} could not be completed. Try again later.`,
    detail: error instanceof Error ? error.message : undefined,
  });
}
