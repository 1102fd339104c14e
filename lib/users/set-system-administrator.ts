import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { instanceScope, type Actor } from "../auth/policy";
import { prisma } from "../db";
import { NotFoundError, ValidationError } from "../errors";
import { findTenantUser } from "./find-tenant-user";
import { revokeSessions } from "./revoke-sessions";

/**
 * Sets the instances of the tenant a user of the tenant is System Administrator of: roles on
 * instances not listed are removed, listed ones added. Every listed instance must be one the
 * actor manages users for (the tenant's own), or the whole change is refused as not found. The
 * user's open sessions end on their next request.
 */
export async function setSystemAdministratorInstances(options: {
  actor: Actor;
  tenant: Tenant;
  userId: string;
  instanceIds: readonly string[];
  audit?: AuditAccepted;
}) {
  const { actor, tenant } = options;
  const wanted = [...new Set(options.instanceIds)];
  return prisma.$transaction(async (tx) => {
    const user = await findTenantUser(tx, tenant, options.userId);
    const instances = await tx.instance.findMany({
      where: { AND: [{ id: { in: wanted } }, { tenantId: tenant.id }, instanceScope(actor, "tenant.users.manage")] },
      select: { id: true, name: true },
    });
    if (instances.length !== wanted.length) throw new NotFoundError("Instance not found.");
    const current = await tx.roleAssignment.findMany({
      where: { userId: user.id, role: "SystemAdministrator", instance: { tenantId: tenant.id } },
      include: { instance: { select: { name: true } } },
    });
    const added = instances.filter((i) => !current.some((a) => a.instanceId === i.id));
    const removed = current.filter((a) => !wanted.includes(a.instanceId!));
    if (added.length === 0 && removed.length === 0) throw new ValidationError("Nothing to change.");
    await tx.roleAssignment.deleteMany({ where: { id: { in: removed.map((a) => a.id) } } });
    await tx.roleAssignment.createMany({
      data: added.map((i) => ({ userId: user.id, role: "SystemAdministrator" as const, instanceId: i.id })),
    });
    await revokeSessions(tx, [user.id]);
    const names = (list: { name: string }[]) => list.map((i) => i.name).join(", ");
    const parts = [
      added.length > 0 ? `made System Administrator of ${names(added)}` : "",
      removed.length > 0 ? `removed as System Administrator of ${names(removed.map((a) => a.instance!))}` : "",
    ].filter(Boolean);
    await options.audit?.(tx, { detail: `${user.name} (${user.email}): ${parts.join("; ")}.` });
    return { instanceIds: wanted };
  });
}
