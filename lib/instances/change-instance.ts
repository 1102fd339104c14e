import "server-only";
import type { Instance, Prisma } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { expiryFor } from "../backups/retention";
import { prisma } from "../db";
import { ConflictError, isUniqueViolation, ValidationError } from "../errors";
import { recordFinishedOperation } from "../operations/record-finished-operation";
import { activeOperationPhrase } from "./instance-activity";
import { newerVersions } from "./versions";

/** Updates and switches wait until nothing runs on the instance, backups included. */
const noActiveOperation = { operations: { none: { status: { in: ["Queued" as const, "Running" as const] } } } };

/**
 * Takes the instance's row lock (a no-op update) before the conditional change looks for active
 * operations. Every request that queues work on an instance writes its row first, so it waits
 * for this transaction or this one for it; and the check, a statement of its own, then sees what
 * that request committed. (On PostgreSQL a single conditional UPDATE would re-check only the
 * instance row after waiting, not the operations.)
 */
async function lockInstanceRow(tx: Prisma.TransactionClient, instance: Instance) {
  await tx.instance.updateMany({ where: { id: instance.id }, data: { id: instance.id } });
}

/** Why `instance` can't be changed right now, for the refusal message. */
async function busyReason(db: Prisma.TransactionClient, instanceId: string, fallbackName: string): Promise<string> {
  const current = await db.instance.findUnique({
    where: { id: instanceId },
    select: {
      name: true,
      state: true,
      operations: {
        where: { status: { in: ["Queued", "Running"] } },
        select: { type: true, status: true },
        orderBy: { createdAt: "asc" },
        take: 1,
      },
    },
  });
  if (!current) return `${fallbackName} no longer exists.`;
  if (current.state !== "Ready") return `${current.name} is busy (${current.state}). Try again when it is Ready.`;
  const active = current.operations[0];
  if (active) return `${activeOperationPhrase(active)} on ${current.name}. Try again when it has finished.`;
  return `${current.name} changed meanwhile. Reload and try again.`;
}

/**
 * Queues an update to `version`: the instance turns Updating and a system backup labelled
 * "Before update to <version>" is queued with the update, all in one transaction. The worker takes
 * the backup and records the new version only if it succeeded (see run-backup.ts).
 */
export async function requestUpdate(options: {
  actor: Actor;
  instance: Instance;
  version: string;
  now?: Date;
  audit?: AuditAccepted;
}) {
  const { actor, instance, version } = options;
  if (!(newerVersions(instance.version) as string[]).includes(version)) {
    throw new ValidationError(`${instance.name} can't be updated to ${version}.`, {
      version: [`Choose a version newer than ${instance.version}.`],
    });
  }
  const now = options.now ?? new Date();
  try {
    return await prisma.$transaction(async (tx) => {
      await lockInstanceRow(tx, instance);
      const locked = await tx.instance.updateMany({
        where: { id: instance.id, state: "Ready", version: instance.version, ...noActiveOperation },
        data: { state: "Updating" },
      });
      if (locked.count !== 1) throw new ConflictError(await busyReason(tx, instance.id, instance.name));
      const backup = await tx.backup.create({
        data: {
          instanceId: instance.id,
          kind: "System",
          label: `Before update to ${version}`,
          createdAt: now,
          expiresAt: expiryFor(now),
          instanceVersion: instance.version,
        },
      });
      const operation = await tx.operation.create({
        data: {
          type: "Update",
          instanceId: instance.id,
          backupId: backup.id,
          targetVersion: version,
          requestedById: actor.userId,
          exclusiveKey: instance.id,
          createdAt: now,
        },
      });
      await options.audit?.(tx, {
        backupId: backup.id,
        operationId: operation.id,
        detail: `Update from ${instance.version} to ${version} requested.`,
      });
      return { backup, operation };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(await busyReason(prisma, instance.id, instance.name));
    throw error;
  }
}

/**
 * Switches a Production instance to Sandbox or back. `to` is what the admin confirmed, so a
 * stale page can't switch an instance the other way. Refused while anything runs on the instance;
 * the check and the change are one conditional update.
 */
export async function switchInstance(options: {
  actor: Actor;
  instance: Instance;
  to: Instance["type"];
  now?: Date;
  audit?: AuditAccepted;
}) {
  const { instance, to } = options;
  const now = options.now ?? new Date();
  if (instance.type === to) throw new ConflictError(`${instance.name} is already a ${to} instance.`);
  return prisma.$transaction(async (tx) => {
    await lockInstanceRow(tx, instance);
    const switched = await tx.instance.updateMany({
      where: { id: instance.id, type: instance.type, state: "Ready", ...noActiveOperation },
      data: { type: to },
    });
    if (switched.count !== 1) throw new ConflictError(await busyReason(tx, instance.id, instance.name));
    const operation = await recordFinishedOperation(tx, {
      type: "Switch",
      instanceId: instance.id,
      requestedById: options.actor.userId,
      detail: `From ${instance.type} to ${to}`,
      now,
    });
    await options.audit?.(tx, {
      operationId: operation.id,
      detail: `Switched ${instance.name} from ${instance.type} to ${to}.`,
    });
    return { from: instance.type, to };
  });
}
