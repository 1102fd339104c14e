import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { prisma } from "../db";
import { findTenantUser } from "./find-tenant-user";
import { issueSetPasswordToken } from "./issue-set-password-token";
import { revokeSessions } from "./revoke-sessions";

/**
 * Resets a user's password: the old one stops working at once, their open sessions end on the
 * next request, and a new one-time set-password link (returned once) lets them choose another.
 */
export async function resetPassword(options: { tenant: Tenant; userId: string; audit?: AuditAccepted; now?: Date }) {
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const user = await findTenantUser(tx, options.tenant, options.userId);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash: null } });
    await revokeSessions(tx, [user.id]);
    const link = await issueSetPasswordToken(tx, { userId: user.id, now });
    await options.audit?.(tx, {
      detail: `Reset the password of ${user.name} (${user.email}); issued a set-password link.`,
    });
    return { setPasswordLink: link };
  });
}
