import "server-only";
import type { Prisma } from "@prisma/client";

// The one authorization policy. Pages, server actions, route handlers and the worker's callers all
// ask it; it fails closed: an unknown role or an operation missing from the map grants nothing.

export const adminRoles = ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"] as const;
export type AdminRole = (typeof adminRoles)[number];

export const roleLabels: Record<AdminRole, string> = {
  GlobalAdmin: "Global admin",
  SystemAdministrator: "System Administrator",
  DelegatedAdmin: "Delegated Admin",
};

export type Assignment = { role: string; tenantId: string | null; instanceId: string | null };

export type Actor = {
  userId: string;
  email: string;
  name: string;
  assignments: readonly Assignment[];
};

const permissions = {
  "instance.view": adminRoles,
  "instance.update": adminRoles,
  "instance.switch": adminRoles,
  "backup.view": adminRoles,
  "backup.create": adminRoles,
  "backup.edit": adminRoles,
  "backup.delete": adminRoles,
  "backup.restore": adminRoles,
  // Being the target of a restore: the actor must manage the target as well as the source.
  "instance.restoreInto": adminRoles,
  "records.view": adminRoles,
  "records.edit": adminRoles,
} as const satisfies Record<string, readonly AdminRole[]>;

export type Permission = keyof typeof permissions;

export type InstanceRef = { id: string; tenantId: string };

function allowedRoles(permission: Permission): readonly string[] {
  return Object.hasOwn(permissions, permission) ? permissions[permission] : [];
}

/** The roles an actor holds on one instance (tenant-wide roles included). */
export function rolesOn(actor: Actor, instance: InstanceRef): AdminRole[] {
  const roles = new Set<AdminRole>();
  for (const a of actor.assignments) {
    if ((a.role === "GlobalAdmin" || a.role === "DelegatedAdmin") && a.tenantId === instance.tenantId) {
      roles.add(a.role);
    } else if (a.role === "SystemAdministrator" && a.instanceId === instance.id) {
      roles.add(a.role);
    }
  }
  return [...roles];
}

export function can(actor: Actor, permission: Permission, instance: InstanceRef): boolean {
  const allowed = allowedRoles(permission);
  return rolesOn(actor, instance).some((role) => allowed.includes(role));
}

/** True when the actor holds any role that lets them into the admin center at all. */
export function hasAdminAccess(actor: Actor): boolean {
  return actor.assignments.some(
    (a) =>
      (adminRoles as readonly string[]).includes(a.role) &&
      (a.role === "SystemAdministrator" ? !!a.instanceId : !!a.tenantId),
  );
}

/**
 * A Prisma filter matching exactly the instances on which the actor has `permission`, so queries
 * scope themselves and an out-of-scope id reads as "not found".
 */
export function instanceScope(actor: Actor, permission: Permission): Prisma.InstanceWhereInput {
  const allowed = allowedRoles(permission);
  const tenantIds: string[] = [];
  const instanceIds: string[] = [];
  for (const a of actor.assignments) {
    if (!allowed.includes(a.role)) continue;
    if ((a.role === "GlobalAdmin" || a.role === "DelegatedAdmin") && a.tenantId) tenantIds.push(a.tenantId);
    if (a.role === "SystemAdministrator" && a.instanceId) instanceIds.push(a.instanceId);
  }
  return { OR: [{ tenantId: { in: tenantIds } }, { id: { in: instanceIds } }] };
}
