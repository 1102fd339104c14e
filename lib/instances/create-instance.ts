import "server-only";
import type { Instance, Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { isUniqueViolation } from "../errors";
import { recordFinishedOperation } from "../operations/record-finished-operation";
import { findNameConflict } from "./find-name-conflict";

export type NewInstance = Pick<Instance, "name" | "domain" | "type" | "version" | "region">;

/**
 * Creates an empty instance in `tenant`, with its Create operation and audit entry in the same
 * transaction. From then on the scheduler takes its daily system backup like any other's; a
 * Sandbox can be filled by restoring a backup into it.
 */
export async function createInstance(options: {
  actor: Actor;
  tenant: Tenant;
  instance: NewInstance;
  audit?: AuditAccepted;
  now?: Date;
}) {
  const { actor, tenant, instance: fields } = options;
  const now = options.now ?? new Date();
  const uniqueness = { tenantId: tenant.id, name: fields.name, domain: fields.domain };
  try {
    return await prisma.$transaction(async (tx) => {
      const conflict = await findNameConflict(tx, uniqueness);
      if (conflict) throw conflict;
      const instance = await tx.instance.create({ data: { ...fields, tenantId: tenant.id, createdAt: now } });
      const operation = await recordFinishedOperation(tx, {
        type: "Create",
        instanceId: instance.id,
        requestedById: actor.userId,
        now,
      });
      await options.audit?.(tx, {
        instanceId: instance.id,
        operationId: operation.id,
        detail: `Created ${fields.type} instance ${fields.name} (${fields.domain}), version ${fields.version}, in ${fields.region}.`,
      });
      return { instance, operation };
    });
  } catch (error) {
    // Two requests for the same name or domain at once: the unique index refuses the second.
    if (isUniqueViolation(error)) throw (await findNameConflict(prisma, uniqueness)) ?? error;
    throw error;
  }
}
