import "server-only";
import type { Tenant } from "@prisma/client";
import { tenantScope, type Actor } from "../auth/policy";
import { prisma } from "../db";

/** The tenants whose users the actor manages (those they are Global admin of), by name. */
export function listManagedTenants(options: { actor: Actor }): Promise<Tenant[]> {
  return prisma.tenant.findMany({ where: tenantScope(options.actor, "tenant.users.manage"), orderBy: { name: "asc" } });
}
