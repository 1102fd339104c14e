import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { prisma } from "../db";
import { NotFoundError, ValidationError } from "../errors";
import { findTenantUser } from "./find-tenant-user";
import { revokeSessions } from "./revoke-sessions";

/**
 * On the partner's side: a Global admin of the partner tenant chooses whether one of its own users
 * holds the Delegated Admin a customer granted the partner. The customer's admins cannot choose
 * (they grant the organisation, not people), and nobody can hold it without the relation. The
 * user's open sessions end on their next request.
 */
export async function setDelegatedAdminHolder(options: {
  tenant: Tenant;
  customerTenantId: string;
  userId: string;
  holds: boolean;
  audit?: AuditAccepted;
}) {
  const { tenant, holds } = options;
  return prisma.$transaction(async (tx) => {
    const relation = await tx.delegatedAdminRelation.findUnique({
      where: {
        customerTenantId_partnerTenantId: { customerTenantId: options.customerTenantId, partnerTenantId: tenant.id },
      },
      include: { customerTenant: true },
    });
    if (!relation) throw new NotFoundError("Delegation not found.");
    const user = await findTenantUser(tx, tenant, options.userId);
    const held = user.assignments.find((a) => a.role === "DelegatedAdmin" && a.relationId === relation.id);
    const customer = relation.customerTenant.name;
    if (holds === !!held) {
      throw new ValidationError(
        `${user.name} ${holds ? "already holds" : "does not hold"} Delegated Admin of ${customer}.`,
      );
    }
    if (held) await tx.roleAssignment.delete({ where: { id: held.id } });
    else
      await tx.roleAssignment.create({
        data: { userId: user.id, role: "DelegatedAdmin", tenantId: relation.customerTenantId, relationId: relation.id },
      });
    await revokeSessions(tx, [user.id]);
    await options.audit?.(tx, {
      detail: holds
        ? `${user.name} (${user.email}) now holds Delegated Admin of ${customer}.`
        : `${user.name} (${user.email}) no longer holds Delegated Admin of ${customer}.`,
    });
    return { holds };
  });
}
