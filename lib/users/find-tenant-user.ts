import "server-only";
import type { Prisma, Tenant } from "@prisma/client";
import { NotFoundError } from "../errors";

/**
 * A user whose home tenant is `tenant`, read inside the transaction that changes them. A user of
 * another tenant reads as missing: admins manage their own organisation's users only, and reach
 * other organisations only through Delegated Admin.
 */
export async function findTenantUser(tx: Prisma.TransactionClient, tenant: Tenant, userId: string) {
  const user = await tx.user.findFirst({
    where: { id: userId, tenantId: tenant.id },
    include: { assignments: true },
  });
  if (!user) throw new NotFoundError("User not found.");
  return user;
}
