import "server-only";
import type { Instance } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { ConflictError, isUniqueViolation, ValidationError } from "../errors";
import { recordFinishedOperation } from "../operations/record-finished-operation";
import { findNameConflict } from "./find-name-conflict";

/** Renames an instance (names are unique per tenant), recording a Rename operation and its audit entry. */
export async function renameInstance(options: {
  actor: Actor;
  instance: Instance;
  name: string;
  audit?: AuditAccepted;
  now?: Date;
}) {
  const { actor, instance, name } = options;
  if (name === instance.name) {
    throw new ValidationError(`${instance.name} already has this name.`, { name: ["Enter a new name."] });
  }
  const now = options.now ?? new Date();
  const uniqueness = { tenantId: instance.tenantId, name, exceptInstanceId: instance.id };
  try {
    return await prisma.$transaction(async (tx) => {
      const conflict = await findNameConflict(tx, uniqueness);
      if (conflict) throw conflict;
      // The old name is part of the condition, so two renames at once can't both claim to have won.
      const renamed = await tx.instance.updateMany({ where: { id: instance.id, name: instance.name }, data: { name } });
      if (renamed.count !== 1) throw new ConflictError(`${instance.name} was changed meanwhile. Reload and try again.`);
      const operation = await recordFinishedOperation(tx, {
        type: "Rename",
        instanceId: instance.id,
        requestedById: actor.userId,
        detail: `From ${instance.name} to ${name}`,
        now,
      });
      await options.audit?.(tx, { operationId: operation.id, detail: `Renamed ${instance.name} to ${name}.` });
      return { operation, from: instance.name, to: name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw (await findNameConflict(prisma, uniqueness)) ?? error;
    throw error;
  }
}
