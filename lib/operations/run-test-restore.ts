import "server-only";
import type { Operation } from "@prisma/client";
import { RowsHash } from "../snapshot/rows-hash";
import type { SnapshotDriver } from "../snapshot/snapshot-driver";
import { openSnapshotDriver } from "../snapshot/open-snapshot-driver";
import { verifySnapshot, type VerifiedSnapshot } from "../snapshot/verify-snapshot";
import { snapshotTables } from "../snapshot/write-snapshot";
import { backupStorage } from "../storage";
import { failOperation } from "./fail-operation";
import { recordVerification, settleVerificationError, type VerificationOutcome } from "./record-verification";
import { loadVerificationSubject } from "./run-verify";
import type { OperationContext } from "./run-worker";

/** What the staged rows say about the restore: the first difference from the file, or none. */
async function compareStaged(
  driver: SnapshotDriver,
  stagingId: string,
  read: VerifiedSnapshot,
  staged: Record<string, number>,
) {
  for (const { table } of snapshotTables) {
    if ((staged[table] ?? 0) !== read.counts[table]) {
      return `the test restore staged ${staged[table] ?? 0} ${table} records, the backup holds ${read.counts[table]}.`;
    }
  }
  const hash = new RowsHash();
  for (const spec of snapshotTables) {
    for await (const batch of driver.stagedRows(stagingId, spec)) for (const row of batch) hash.update(spec.table, row);
  }
  return hash.digest() === read.rowsHash ? null : "the restored rows differ from the backup's rows.";
}

/**
 * The weekly restore test: restores a backup into scratch staging tables named for this operation
 * (the restore's own first step, and never a customer instance), checks that the per-entity counts
 * and a hash over every staged row match the backup's, then discards them. Records how long the
 * restore took, as evidence of the time a real restore needs.
 */
export async function runTestRestore(operation: Operation, { owner, leaseLost }: OperationContext): Promise<void> {
  const { backup, actor } = await loadVerificationSubject(operation);
  if (!backup) {
    await failOperation({ operation, owner, actor, reason: "The backup is no longer available." });
    return;
  }
  const driver = openSnapshotDriver();
  const started = Date.now();
  try {
    let staged: Record<string, number> = {};
    const read = await verifySnapshot({
      storage: backupStorage(),
      backup: { ...backup, instanceId: backup.instanceId ?? backup.deletedInstanceId },
      tables: snapshotTables,
      consume: async (sections) => {
        staged = await driver.stage({
          stagingId: operation.id,
          tables: snapshotTables,
          sections,
          checkpoint: async () => leaseLost.throwIfAborted(),
        });
      },
    });
    const restoreMs = Date.now() - started;
    const difference = await compareStaged(driver, operation.id, read, staged);
    const outcome: VerificationOutcome = difference
      ? { passed: false, reason: `The test restore failed: ${difference}`, restoreMs }
      : { passed: true, records: read.records, restoreMs };
    await recordVerification({ operation, backup, owner, actor, outcome });
  } catch (error) {
    await settleVerificationError({ operation, backup, owner, actor, error, leaseLost });
  } finally {
    try {
      await driver.discardStaged(operation.id, snapshotTables);
    } catch (discardError) {
      // The next attempt, or the storage sweep, drops them; the outcome matters more.
      console.error(`test restore ${operation.id}: scratch tables not dropped`, discardError);
    }
    await driver.close();
  }
}
