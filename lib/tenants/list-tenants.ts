import "server-only";
import { tenantScope, type Actor, type TenantPermission } from "../auth/policy";
import { prisma } from "../db";

/**
 * The tenants on which the actor has the tenant-wide `permission`, by name: e.g. where they may
 * create instances, so a tenant with none yet still has a place on the Instances page.
 */
export async function listTenants(options: { actor: Actor; permission: TenantPermission }) {
  return prisma.tenant.findMany({
    where: tenantScope(options.actor, options.permission),
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}
