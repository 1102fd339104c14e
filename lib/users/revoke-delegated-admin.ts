import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { prisma } from "../db";
import { NotFoundError } from "../errors";
import { revokeSessions } from "./revoke-sessions";

/**
 * A customer tenant revokes a partner's Delegated Admin: the relation goes, and with it every
 * partner user's Delegated Admin of the customer; their open sessions end on the next request.
 */
export async function revokeDelegatedAdmin(options: {
  tenant: Tenant;
  partnerTenantId: string;
  audit?: AuditAccepted;
}) {
  const { tenant } = options;
  return prisma.$transaction(async (tx) => {
    const relation = await tx.delegatedAdminRelation.findUnique({
      where: {
        customerTenantId_partnerTenantId: { customerTenantId: tenant.id, partnerTenantId: options.partnerTenantId },
      },
      include: { partnerTenant: true, assignments: { select: { userId: true } } },
    });
    if (!relation) throw new NotFoundError("Delegation not found.");
    await revokeSessions(
      tx,
      relation.assignments.map((a) => a.userId),
    );
    // Deleting the relation deletes the assignments held through it.
    await tx.delegatedAdminRelation.delete({ where: { id: relation.id } });
    const holders = relation.assignments.length;
    await options.audit?.(tx, {
      detail: `Revoked ${relation.partnerTenant.name}'s Delegated Admin of ${tenant.name} (held by ${holders} ${holders === 1 ? "user" : "users"}).`,
    });
    return { revoked: relation.id };
  });
}
