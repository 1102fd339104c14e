import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { ConflictError, ValidationError } from "../errors";
import { ensureAnotherGlobalAdmin } from "./ensure-another-global-admin";
import { findTenantUser } from "./find-tenant-user";
import { revokeSessions } from "./revoke-sessions";

/**
 * Disables a user (they cannot sign in, and open sessions end on the next request) or enables
 * them again. The last enabled Global admin of the tenant cannot be disabled, nor can admins
 * disable themselves.
 */
export async function setUserDisabled(options: {
  actor: Actor;
  tenant: Tenant;
  userId: string;
  disabled: boolean;
  audit?: AuditAccepted;
  now?: Date;
}) {
  const { actor, tenant, disabled } = options;
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const user = await findTenantUser(tx, tenant, options.userId);
    if (disabled === (user.disabledAt !== null)) {
      throw new ValidationError(`${user.name} is already ${disabled ? "disabled" : "enabled"}.`);
    }
    if (disabled && user.id === actor.userId) throw new ConflictError("You can't disable your own account.");
    const isGlobalAdmin = user.assignments.some((a) => a.role === "GlobalAdmin" && a.tenantId === tenant.id);
    if (disabled && isGlobalAdmin) await ensureAnotherGlobalAdmin(tx, { tenant, userId: user.id, userName: user.name });
    await tx.user.update({ where: { id: user.id }, data: { disabledAt: disabled ? now : null } });
    await revokeSessions(tx, [user.id]);
    await options.audit?.(tx, { detail: `${disabled ? "Disabled" : "Enabled"} ${user.name} (${user.email}).` });
    return { disabled };
  });
}
