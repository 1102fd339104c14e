import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { ConflictError } from "../errors";
import { ensureAnotherGlobalAdmin } from "./ensure-another-global-admin";
import { findTenantUser } from "./find-tenant-user";

/**
 * Removes a user with their roles and set-password links; their sessions end because the user is
 * gone. Backups and operations they started stay, no longer naming them; the audit log keeps their
 * e-mail. The last enabled Global admin of the tenant cannot be removed, nor can admins remove
 * themselves.
 */
export async function removeUser(options: { actor: Actor; tenant: Tenant; userId: string; audit?: AuditAccepted }) {
  const { actor, tenant } = options;
  return prisma.$transaction(async (tx) => {
    const user = await findTenantUser(tx, tenant, options.userId);
    if (user.id === actor.userId) throw new ConflictError("You can't remove your own account.");
    const isEnabledGlobalAdmin =
      user.disabledAt === null && user.assignments.some((a) => a.role === "GlobalAdmin" && a.tenantId === tenant.id);
    if (isEnabledGlobalAdmin) await ensureAnotherGlobalAdmin(tx, { tenant, userId: user.id, userName: user.name });
    await options.audit?.(tx, { detail: `Removed ${user.name} (${user.email}).` });
    await tx.user.delete({ where: { id: user.id } });
    return { removed: user.id };
  });
}
