import "server-only";
import type { Tenant } from "@prisma/client";
import { tenantScope, type Actor } from "../auth/policy";
import { prisma } from "../db";

/** The tenants whose alerts the actor configures (those they are Global admin of), by name. */
export function listAlertTenants(options: { actor: Actor }): Promise<Tenant[]> {
  return prisma.tenant.findMany({
    where: tenantScope(options.actor, "tenant.alerts.manage"),
    orderBy: { name: "asc" },
  });
}
