import "server-only";
import { backupScope, type Actor, type Permission } from "../auth/policy";
import { prisma } from "../db";
import { NotFoundError } from "../errors";

/**
 * Loads a backup only if the actor has `permission` on its instance (or, for a backup kept after
 * its instance was deleted, on its tenant) and it has not expired;
 * anything else reads as "not found", never revealing that the backup exists.
 */
export async function findBackupFor(options: {
  actor: Actor;
  permission: Permission;
  backupId: string;
  now?: Date;
  /** Expired backups read as not found unless the caller wants to explain the expiry itself. */
  includeExpired?: boolean;
}) {
  const backup = await prisma.backup.findFirst({
    where: {
      id: options.backupId,
      ...(options.includeExpired ? {} : { expiresAt: { gt: options.now ?? new Date() } }),
      ...backupScope(options.actor, options.permission),
    },
    include: { instance: true, createdBy: { select: { name: true } } },
  });
  if (!backup) throw new NotFoundError("Backup not found.");
  return backup;
}

/** A backup as findBackupFor loads it: with its instance (null once deleted) and its creator's name. */
export type ScopedBackup = Awaited<ReturnType<typeof findBackupFor>>;
