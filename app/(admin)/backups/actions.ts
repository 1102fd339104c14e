"use server";

import { defineAction } from "@/lib/actions/define-action";
import { deleteBackup, editBackup } from "@/lib/backups/change-backup";
import { findBackupFor } from "@/lib/backups/find-backup";
import { requestBackup } from "@/lib/backups/request-backup";
import { createBackupInput, deleteBackupInput, editBackupInput, restoreBackupInput } from "@/lib/backups/schemas";
import { startRestore } from "@/lib/backups/start-restore";
import { getActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";

// Each export is a public POST endpoint; defineAction authenticates, validates and authorizes.

/**
 * Actions on an existing backup name its instance through the backup, scoped to the actor. A
 * restore sees expired backups too, so it can say the backup expired rather than "not found".
 * A backup kept after its instance was deleted has no instance left: a restore of it acts on its
 * target (`orTarget`; startRestore checks the backup on its tenant), and nothing else reaches it.
 */
async function instanceOfBackup(
  backupId: string,
  options: { includeExpired?: boolean; orTarget?: string } = {},
): Promise<string> {
  const actor = await getActor();
  if (!actor) throw new NotFoundError("Backup not found.");
  const backup = await findBackupFor({
    actor,
    permission: "backup.view",
    backupId,
    includeExpired: options.includeExpired,
  });
  const instanceId = backup.instanceId ?? options.orTarget;
  if (!instanceId) throw new NotFoundError("Backup not found.");
  return instanceId;
}

const backupRef = (input: { backupId: string }) => ({ backupId: input.backupId });

export const createBackupAction = defineAction({
  name: "backup.create",
  permission: "backup.create",
  schema: createBackupInput,
  instanceId: (input) => input.instanceId,
  run: async ({ actor, input, instance, audit }) => {
    const { backup, operation } = await requestBackup({
      actor,
      instance,
      kind: "OnDemand",
      label: input.label,
      notes: input.notes,
      audit,
    });
    return { data: { backupId: backup.id, operationId: operation.id, instanceId: instance.id } };
  },
});

export const editBackupAction = defineAction({
  name: "backup.edit",
  permission: "backup.edit",
  schema: editBackupInput,
  instanceId: (input) => instanceOfBackup(input.backupId),
  auditRefs: backupRef,
  run: async ({ actor, input, audit }) => {
    const backup = await editBackup({ actor, backupId: input.backupId, label: input.label, notes: input.notes, audit });
    return { data: { backupId: backup.id } };
  },
});

export const deleteBackupAction = defineAction({
  name: "backup.delete",
  permission: "backup.delete",
  schema: deleteBackupInput,
  instanceId: (input) => instanceOfBackup(input.backupId),
  auditRefs: backupRef,
  run: async ({ actor, input, audit }) => {
    const backup = await deleteBackup({ actor, backupId: input.backupId, audit });
    return { data: { backupId: backup.id } };
  },
});

export const restoreBackupAction = defineAction({
  name: "backup.restore",
  permission: "backup.restore",
  schema: restoreBackupInput,
  instanceId: (input) => instanceOfBackup(input.backupId, { includeExpired: true, orTarget: input.targetInstanceId }),
  auditRefs: (input) => ({ backupId: input.backupId, detail: `Target instance: ${input.targetInstanceId}.` }),
  run: async ({ actor, input, audit }) => {
    const { operation } = await startRestore({
      actor,
      backupId: input.backupId,
      targetInstanceId: input.targetInstanceId,
      audit,
    });
    return { data: { operationId: operation.id } };
  },
});
