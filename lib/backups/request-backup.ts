import "server-only";
import type { Instance } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { ConflictError, ValidationError } from "../errors";
import { minimumOnDemandBackupVersion, supportsOnDemandBackup } from "../instances/versions";
import { expiryFor } from "./retention";

/**
 * Queues a backup: the Backup row (Queued) and its operation commit together; the worker takes it
 * from there. The instance stays available (Ready) while it is backed up.
 */
export async function requestBackup(options: {
  actor: Actor | null;
  instance: Instance;
  kind: "OnDemand" | "System";
  label: string;
  notes?: string;
  /** Daily system backups: the UTC day they stand for, unique per instance. */
  systemDay?: string;
  now?: Date;
  /** Writes the requester's audit entry in the same transaction. */
  audit?: AuditAccepted;
}) {
  const { actor, instance, kind } = options;
  if (kind === "OnDemand" && !supportsOnDemandBackup(instance.version)) {
    throw new ValidationError(
      `${instance.name} runs version ${instance.version}. On-demand backups need version ${minimumOnDemandBackupVersion} or later.`,
    );
  }
  const busy = (state: string) =>
    new ConflictError(
      `${instance.name} is being ${state === "Restoring" ? "restored" : "updated"}. Try again when it is Ready.`,
    );
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    // Checked under the instance row's lock (a no-op conditional write), so a restore or update that
    // started since the instance was read can't be joined by a backup.
    const stillReady = await tx.instance.updateMany({
      where: { id: instance.id, state: "Ready" },
      data: { state: "Ready" },
    });
    if (stillReady.count !== 1) throw busy((await tx.instance.findUnique({ where: { id: instance.id } }))?.state ?? "");
    const backup = await tx.backup.create({
      data: {
        instanceId: instance.id,
        kind,
        label: options.label,
        notes: options.notes ?? "",
        createdById: actor?.userId ?? null,
        createdAt: now,
        expiresAt: expiryFor(now),
        instanceVersion: instance.version,
        systemDay: options.systemDay ?? null,
      },
    });
    const operation = await tx.operation.create({
      data: {
        type: "Backup",
        instanceId: instance.id,
        backupId: backup.id,
        requestedById: actor?.userId ?? null,
        createdAt: now,
      },
    });
    await options.audit?.(tx, { backupId: backup.id, operationId: operation.id });
    return { backup, operation };
  });
}
