import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { prisma } from "../db";
import { ValidationError } from "../errors";
import { ensureAnotherGlobalAdmin } from "./ensure-another-global-admin";
import { findTenantUser } from "./find-tenant-user";
import { revokeSessions } from "./revoke-sessions";

/**
 * Makes a user of the tenant Global admin of it, or takes the role away; the caller is a Global
 * admin of the tenant (the action's permission), so no one grants more than they hold. The last
 * enabled Global admin cannot be demoted. The user's open sessions end on their next request.
 */
export async function setGlobalAdmin(options: {
  tenant: Tenant;
  userId: string;
  globalAdmin: boolean;
  audit?: AuditAccepted;
}) {
  const { tenant, globalAdmin } = options;
  return prisma.$transaction(async (tx) => {
    const user = await findTenantUser(tx, tenant, options.userId);
    const held = user.assignments.find((a) => a.role === "GlobalAdmin" && a.tenantId === tenant.id);
    if (globalAdmin === !!held) {
      throw new ValidationError(`${user.name} ${globalAdmin ? "is already" : "is not"} a Global admin.`);
    }
    if (held) {
      if (user.disabledAt === null)
        await ensureAnotherGlobalAdmin(tx, { tenant, userId: user.id, userName: user.name });
      await tx.roleAssignment.delete({ where: { id: held.id } });
    } else {
      await tx.roleAssignment.create({ data: { userId: user.id, role: "GlobalAdmin", tenantId: tenant.id } });
    }
    await revokeSessions(tx, [user.id]);
    await options.audit?.(tx, {
      detail: globalAdmin
        ? `Made ${user.name} (${user.email}) Global admin of ${tenant.name}.`
        : `Removed Global admin of ${tenant.name} from ${user.name} (${user.email}).`,
    });
    return { globalAdmin };
  });
}
