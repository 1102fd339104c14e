"use server";

import { defineActionOn } from "@/lib/actions/define-action-on";
import { defineAction } from "@/lib/actions/define-action";
import { deleteResources, editResources, restoreResources, verifyResources } from "@/lib/backups/backup-resources";
import { deleteBackup, editBackup } from "@/lib/backups/change-backup";
import { requestBackup } from "@/lib/backups/request-backup";
import {
  createBackupInput,
  deleteBackupInput,
  editBackupInput,
  restoreBackupInput,
  verifyBackupInput,
} from "@/lib/backups/schemas";
import { requestVerification } from "@/lib/backups/request-verification";
import { startRestore } from "@/lib/backups/start-restore";

// Each export is a public POST endpoint; the action wrappers authenticate, validate and authorize.

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

export const editBackupAction = defineActionOn({
  name: "backup.edit",
  schema: editBackupInput,
  resources: editResources,
  run: async ({ input, backup, audit }) => {
    await editBackup({ backup, label: input.label, notes: input.notes, audit });
    return { data: { backupId: backup.id } };
  },
});

export const deleteBackupAction = defineActionOn({
  name: "backup.delete",
  schema: deleteBackupInput,
  resources: deleteResources,
  run: async ({ backup, audit }) => {
    await deleteBackup({ backup, audit });
    return { data: { backupId: backup.id } };
  },
});

export const restoreBackupAction = defineActionOn({
  name: "backup.restore",
  schema: restoreBackupInput,
  resources: restoreResources,
  auditDetail: (input) => `Target instance: ${input.targetInstanceId}.`,
  run: async ({ actor, backup, target, audit }) => {
    const { operation } = await startRestore({ actor, backup, target, audit });
    return { data: { operationId: operation.id } };
  },
});

export const verifyBackupAction = defineActionOn({
  name: "backup.verify",
  schema: verifyBackupInput,
  resources: verifyResources,
  run: async ({ actor, backup, audit }) => {
    const { operation } = await requestVerification({ actor, backup, audit });
    return { data: { operationId: operation.id } };
  },
});
