import "server-only";
import type { Tenant } from "@prisma/client";
import { tenantScope, type Actor } from "../auth/policy";
import { prisma } from "../db";

export type UserStatus = "Active" | "Disabled" | "Invited";

/** What the Users page shows of a user: never a password hash or a token. */
export type TenantUser = {
  id: string;
  name: string;
  email: string;
  status: UserStatus;
  isGlobalAdmin: boolean;
  /** Instances of the tenant the user is System Administrator of. */
  systemAdministratorOf: { id: string; name: string }[];
  /** Customers whose Delegated Admin the user holds (through the tenant's relations as a partner). */
  delegatedAdminOf: { id: string; name: string }[];
};

/**
 * The users whose home tenant is `tenant`, with their roles and status, if the actor manages its
 * users; otherwise none (the scope is part of the query).
 */
export async function listTenantUsers(options: { actor: Actor; tenant: Tenant }): Promise<TenantUser[]> {
  const { actor, tenant } = options;
  const users = await prisma.user.findMany({
    where: { tenantId: tenant.id, tenant: tenantScope(actor, "tenant.users.manage") },
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      disabledAt: true,
      passwordHash: true,
      _count: { select: { ssoIdentities: true } },
      assignments: {
        select: {
          role: true,
          tenantId: true,
          relationId: true,
          tenant: { select: { id: true, name: true } },
          instance: { select: { id: true, name: true, tenantId: true } },
        },
      },
    },
  });
  return users.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    // Invited: no password and no single sign-on account yet (a set-password link or the first
    // single sign-on is pending).
    status: user.disabledAt
      ? "Disabled"
      : user.passwordHash === null && user._count.ssoIdentities === 0
        ? "Invited"
        : "Active",
    isGlobalAdmin: user.assignments.some((a) => a.role === "GlobalAdmin" && a.tenantId === tenant.id),
    systemAdministratorOf: user.assignments
      .flatMap((a) => (a.role === "SystemAdministrator" && a.instance?.tenantId === tenant.id ? [a.instance] : []))
      .map(({ id, name }) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    delegatedAdminOf: user.assignments
      .flatMap((a) => (a.role === "DelegatedAdmin" && a.relationId && a.tenant ? [a.tenant] : []))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}
