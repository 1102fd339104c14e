// The backup services as the actions call them: the resources loaded through the actions' own
// declarations (scope, permission, expiry), then the service. For tests that call services by id.
import type { Actor } from "@/lib/auth/policy";
import { loadResources } from "@/lib/actions/resources";
import { deleteResources, editResources, restoreResources, verifyResources } from "@/lib/backups/backup-resources";
import { deleteBackup, editBackup } from "@/lib/backups/change-backup";
import { requestVerification } from "@/lib/backups/request-verification";
import { startRestore } from "@/lib/backups/start-restore";

export async function startRestoreAs(options: {
  actor: Actor;
  backupId: string;
  targetInstanceId: string;
  now?: Date;
}) {
  const { backup, target } = await loadResources(options.actor, options, restoreResources);
  return startRestore({ actor: options.actor, backup, target, now: options.now });
}

export async function editBackupAs(options: { actor: Actor; backupId: string; label: string; notes: string }) {
  const { backup } = await loadResources(options.actor, options, editResources);
  return editBackup({ backup, label: options.label, notes: options.notes });
}

export async function deleteBackupAs(options: { actor: Actor; backupId: string }) {
  const { backup } = await loadResources(options.actor, options, deleteResources);
  return deleteBackup({ backup });
}

export async function requestVerificationAs(options: { actor: Actor; backupId: string }) {
  const { backup } = await loadResources(options.actor, options, verifyResources);
  return requestVerification({ actor: options.actor, backup });
}
