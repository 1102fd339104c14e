// Backups and restores run in the test's own process, through the worker's code path
// (claim, lease, run, record the outcome), for cases where no process needs to die.
import type { Backup, Instance, Operation } from "@prisma/client";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { queueBackup, runQueuedOperations } from "../../support/operations";
import { startRestoreAs } from "../../support/backup-services";

/** Requests an on-demand backup of `instance`, runs it, and returns the Backup row as it ended. */
export async function backUp(actor: Actor, instance: Instance, label = "Fault suite"): Promise<Backup> {
  const { backup } = await queueBackup(actor, instance, label);
  await runQueuedOperations();
  return prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
}

/** Starts a restore of `backupId` into `targetId`, runs it, and returns the Operation row as it ended. */
export async function restore(actor: Actor, backupId: string, targetId: string): Promise<Operation> {
  const { operation } = await startRestoreAs({ actor, backupId, targetInstanceId: targetId });
  await runQueuedOperations();
  return prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
}
