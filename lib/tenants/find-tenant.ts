import "server-only";
import type { Tenant } from "@prisma/client";
import { tenantScope, type Actor, type TenantPermission } from "../auth/policy";
import { prisma } from "../db";
import { NotFoundError } from "../errors";

/**
 * Loads one tenant only if the actor has the tenant-wide `permission` on it. The scope is part of
 * the query, so a tenant the actor may not manage is indistinguishable from one that does not exist.
 */
export async function findTenantFor({
  actor,
  permission,
  tenantId,
}: {
  actor: Actor;
  permission: TenantPermission;
  tenantId: string;
}): Promise<Tenant> {
  const tenant = await prisma.tenant.findFirst({ where: { AND: [{ id: tenantId }, tenantScope(actor, permission)] } });
  if (tenant) return tenant;
  throw new NotFoundError("Tenant not found.");
}
