import "server-only";
import type { Prisma, Tenant } from "@prisma/client";
import { ConflictError } from "../errors";

/**
 * Refuses to let `userId` stop being an enabled Global admin of `tenant` (demoted, disabled or
 * removed) when no other enabled Global admin would remain: a tenant without one could never
 * manage its users again. Call it inside the transaction that makes the change, after nothing
 * else: it takes the tenant's row lock before counting, so two such changes at once (each leaving
 * the other admin) take turns and the second counts what the first did. On SQLite every
 * transaction takes the write lock when it begins; on a server database the row lock does it.
 */
export async function ensureAnotherGlobalAdmin(
  tx: Prisma.TransactionClient,
  options: { tenant: Tenant; userId: string; userName: string },
): Promise<void> {
  const { tenant, userId, userName } = options;
  await tx.tenant.updateMany({ where: { id: tenant.id }, data: { id: tenant.id } });
  const others = await tx.roleAssignment.count({
    where: { role: "GlobalAdmin", tenantId: tenant.id, userId: { not: userId }, user: { disabledAt: null } },
  });
  if (others === 0) {
    throw new ConflictError(
      `${userName} is the last Global admin of ${tenant.name}. Make another user Global admin first.`,
    );
  }
}
