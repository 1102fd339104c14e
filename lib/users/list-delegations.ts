import "server-only";
import type { Tenant } from "@prisma/client";
import { tenantScope, type Actor } from "../auth/policy";
import { prisma } from "../db";

/**
 * The tenant's delegated administration, if the actor manages its users: the partners it granted
 * Delegated Admin (with how many of their users hold it), and the customers that granted it to
 * the tenant as a partner (with which of the tenant's users hold it).
 */
export async function listDelegations(options: { actor: Actor; tenant: Tenant }) {
  const { actor, tenant } = options;
  const scoped = tenantScope(actor, "tenant.users.manage");
  const [partners, customers] = await Promise.all([
    prisma.delegatedAdminRelation.findMany({
      where: { customerTenantId: tenant.id, customerTenant: scoped },
      include: { partnerTenant: { select: { name: true } }, _count: { select: { assignments: true } } },
      orderBy: { partnerTenant: { name: "asc" } },
    }),
    prisma.delegatedAdminRelation.findMany({
      where: { partnerTenantId: tenant.id, partnerTenant: scoped },
      include: { customerTenant: { select: { name: true } }, assignments: { select: { userId: true } } },
      orderBy: { customerTenant: { name: "asc" } },
    }),
  ]);
  return {
    partners: partners.map((r) => ({
      tenantId: r.partnerTenantId,
      name: r.partnerTenant.name,
      grantedAt: r.createdAt,
      holders: r._count.assignments,
    })),
    customers: customers.map((r) => ({
      tenantId: r.customerTenantId,
      name: r.customerTenant.name,
      grantedAt: r.createdAt,
      holderIds: r.assignments.map((a) => a.userId),
    })),
  };
}
