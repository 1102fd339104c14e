import "server-only";
import { backupResource, instanceResource } from "../actions/resources";

// What the actions on an existing backup act on, declared once for the actions and for callers
// that start the same services outside a request (the tests' worker hosts).

export const editResources = { backup: backupResource("backup.edit", (input: { backupId: string }) => input.backupId) };

export const deleteResources = {
  backup: backupResource("backup.delete", (input: { backupId: string }) => input.backupId),
};

export const verifyResources = {
  backup: backupResource("backup.verify", (input: { backupId: string }) => input.backupId),
};

/**
 * A restore checks the backup on its instance (or its tenant, once the instance is deleted) and,
 * separately, the target: restoring into an instance needs the right to manage it as well.
 * Expired backups load too, so the restore can say the backup expired rather than "not found".
 */
export const restoreResources = {
  backup: backupResource("backup.restore", (input: { backupId: string }) => input.backupId, { includeExpired: true }),
  target: instanceResource("instance.restoreInto", (input: { targetInstanceId: string }) => input.targetInstanceId),
};
