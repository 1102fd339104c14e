import "server-only";
import type { Operation } from "@prisma/client";
import { verifiableStatuses } from "../backups/request-verification";
import { prisma } from "../db";
import { verifySnapshot } from "../snapshot/verify-snapshot";
import { snapshotTables } from "../snapshot/write-snapshot";
import { backupStorage } from "../storage";
import { failOperation } from "./fail-operation";
import { recordVerification, settleVerificationError } from "./record-verification";
import type { OperationContext } from "./run-worker";

/** The backup a Verify or TestRestore operation checks, if it may still be checked, and who asked. */
export async function loadVerificationSubject(operation: Operation) {
  const backup = operation.backupId ? await prisma.backup.findUnique({ where: { id: operation.backupId } }) : null;
  const requester = operation.requestedById
    ? await prisma.user.findUnique({ where: { id: operation.requestedById }, select: { id: true, email: true } })
    : null;
  const actor = requester ? { userId: requester.id, email: requester.email } : ("system" as const);
  const verifiable = backup && (verifiableStatuses as readonly string[]).includes(backup.status) ? backup : null;
  return { backup: verifiable, actor };
}

/**
 * Re-reads a backup's stored file end to end (size, SHA-256, manifest, format, every row) and
 * records the result on the backup. Damage turns it to Failed verification; an error that says
 * nothing about the file (the database was busy, say) fails the operation and leaves the backup as it was.
 */
export async function runVerify(operation: Operation, { owner, leaseLost }: OperationContext): Promise<void> {
  const { backup, actor } = await loadVerificationSubject(operation);
  if (!backup) {
    await failOperation({ operation, owner, actor, reason: "The backup is no longer available." });
    return;
  }
  try {
    // The manifest names the instance the backup was taken of.
    const takenOf = { ...backup, instanceId: backup.instanceId ?? backup.deletedInstanceId };
    const verified = await verifySnapshot({
      storage: backupStorage(),
      backup: takenOf,
      tables: snapshotTables,
      signal: leaseLost,
    });
    await recordVerification({ operation, backup, owner, actor, outcome: { passed: true, records: verified.records } });
  } catch (error) {
    await settleVerificationError({ operation, backup, owner, actor, error, leaseLost });
  }
}
