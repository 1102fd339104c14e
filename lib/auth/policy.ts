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
  // Re-reading a backup's file to prove it restorable: whoever may restore the backup.
  "backup.verify": adminRoles,
  // Being the target of a restore: the actor must manage the target as well as the source.
  "instance.restoreInto": adminRoles,
  "records.view": adminRoles,
  "records.edit": adminRoles,
  // Reading the Audit log: tenant-wide roles read their tenants' entries, a System Administrator
  // those of their instances (auditScope).
  "audit.view": adminRoles,
  // Tenant-wide permissions ("tenant." names): checked on a tenant with canOnTenant, or on an
  // instance of the tenant with can. Only tenant-wide roles can hold them on a tenant.
  "tenant.instances.manage": ["GlobalAdmin"],
  // Users of the tenant, their roles, and the partners it grants Delegated Admin; on a partner
  // tenant, which of its users hold the Delegated Admin its customers granted it. Not for Delegated
  // Admins: a partner that could add users or Global admins to a customer would keep that access
  // after the customer revokes the relation.
  "tenant.users.manage": ["GlobalAdmin"],
  // Audit entries about the tenant's user accounts that name no instance or tenant (an invalid
  // request, a sign-in failure): the tenant's own admins only, not its delegated partners.
  "tenant.audit.accounts": ["GlobalAdmin"],
  // Where the tenant's alerts go (webhook and its secret, e-mail recipients) and Send test. Not for
  // Delegated Admins: a partner could otherwise route a customer's alerts to itself.
  "tenant.alerts.manage": ["GlobalAdmin"],
} as const satisfies Record<string, readonly AdminRole[]>;

export type Permission = keyof typeof permissions;

// What every signed-in user may do to their own account, and only to it: no role is needed, so a
// user without an admin role can still change their password and end their sessions.
const ownAccountPermissions = ["account.password.change", "account.sessions.revoke"] as const;
export type OwnAccountPermission = (typeof ownAccountPermissions)[number];
export type TenantPermission = Extract<Permission, `tenant.${string}`>;

export type InstanceRef = { id: string; tenantId: string };

function allowedRoles(permission: Permission): readonly string[] {
  return Object.hasOwn(permissions, permission) ? permissions[permission] : [];
}

const isTenantWide = (a: Assignment): a is Assignment & { role: "GlobalAdmin" | "DelegatedAdmin" } =>
  a.role === "GlobalAdmin" || a.role === "DelegatedAdmin";

/** The roles an actor holds on one instance (tenant-wide roles included). */
export function rolesOn(actor: Actor, instance: InstanceRef): AdminRole[] {
  const roles = new Set<AdminRole>();
  for (const a of actor.assignments) {
    if (isTenantWide(a) && a.tenantId === instance.tenantId) {
      roles.add(a.role);
    } else if (a.role === "SystemAdministrator" && a.instanceId === instance.id) {
      roles.add(a.role);
    }
  }
  return [...roles];
}

/** The tenant-wide roles an actor holds on a tenant; a System Administrator holds none. */
export function rolesOnTenant(actor: Actor, tenantId: string): AdminRole[] {
  const roles = actor.assignments.flatMap((a) => (isTenantWide(a) && a.tenantId === tenantId ? [a.role] : []));
  return [...new Set(roles)];
}

export function can(actor: Actor, permission: Permission, instance: InstanceRef): boolean {
  const allowed = allowedRoles(permission);
  return rolesOn(actor, instance).some((role) => allowed.includes(role));
}

/** Whether the actor has a tenant-wide `permission` on the tenant itself (e.g. to create an instance in it). */
export function canOnTenant(actor: Actor, permission: TenantPermission, tenantId: string): boolean {
  const allowed = allowedRoles(permission);
  return rolesOnTenant(actor, tenantId).some((role) => allowed.includes(role));
}

/** Whether the actor holds the tenant-wide `permission` on any tenant (e.g. to show the Users link). */
export function canOnAnyTenant(actor: Actor, permission: TenantPermission): boolean {
  return scopedTenantIds(actor, permission).length > 0;
}

/** Whether the actor may act with `permission` on the account of `userId`: their own only. */
export function canOnOwnAccount(actor: Actor, permission: OwnAccountPermission, userId: string): boolean {
  return actor.userId === userId && (ownAccountPermissions as readonly string[]).includes(permission);
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
  const instanceIds = actor.assignments.flatMap((a) =>
    a.role === "SystemAdministrator" && allowed.includes(a.role) && a.instanceId ? [a.instanceId] : [],
  );
  return { OR: [{ tenantId: { in: scopedTenantIds(actor, permission) } }, { id: { in: instanceIds } }] };
}

/**
 * The same for backups. A backup kept after its instance was deleted belongs to the instance's
 * tenant: only tenant-wide roles reach it (a System Administrator's role went with the instance).
 */
export function backupScope(actor: Actor, permission: Permission): Prisma.BackupWhereInput {
  return {
    OR: [
      { instance: instanceScope(actor, permission) },
      { instanceId: null, deletedInstanceTenantId: { in: scopedTenantIds(actor, permission) } },
    ],
  };
}

/** `can` for a backup already loaded: on its instance, or on its tenant once the instance is deleted. */
export function canOnBackup(
  actor: Actor,
  permission: Permission,
  backup: { instance: InstanceRef | null; deletedInstanceTenantId: string | null },
): boolean {
  if (backup.instance) return can(actor, permission, backup.instance);
  return (
    backup.deletedInstanceTenantId !== null &&
    scopedTenantIds(actor, permission).includes(backup.deletedInstanceTenantId)
  );
}

/** The same for tenants: exactly those on which the actor has the tenant-wide `permission`. */
export function tenantScope(actor: Actor, permission: TenantPermission): Prisma.TenantWhereInput {
  return { id: { in: scopedTenantIds(actor, permission) } };
}

/**
 * The audit entries the actor may read, as a Prisma filter on the owner fixed when each entry was
 * written (`scopeTenantId`; see recordAudit). Tenant-wide roles read the entries of their tenants:
 * what was done on its instances (deleted ones too) and on the tenant itself, by anyone, including
 * refusals of other tenants' users that named them. Entries naming neither an instance nor a
 * tenant concern only the user who acted (invalid input, a refused id of a backup): only global
 * admins of that user's tenant read them. A System Administrator reads the entries naming one of
 * their instances, nothing else. Everything else (e.g. storage-wide housekeeping, or an id that
 * named nothing) is nobody's.
 */
export function auditScope(actor: Actor): Prisma.AuditEntryWhereInput {
  const reach = auditReach(actor);
  // Only the non-empty parts, so the planner sees a plain index range for the common single-role actor.
  const parts: Prisma.AuditEntryWhereInput[] = [
    ...(reach.tenants.length > 0 ? [{ scopeTenantId: { in: reach.tenants } }] : []),
    ...(reach.namedOnlyTenants.length > 0
      ? [{ scopeTenantId: { in: reach.namedOnlyTenants }, NOT: { instanceId: null, tenantId: null } }]
      : []),
    ...(reach.instances.length > 0 ? [{ instanceId: { in: reach.instances } }] : []),
  ];
  if (parts.length === 0) return { id: { in: [] } };
  return parts.length === 1 ? parts[0]! : { OR: parts };
}

/**
 * What auditScope is made of, for the CSV export's streaming SQL (lib/audit/audit-entry-sql.ts):
 * tenants whose entries the actor reads in full, tenants whose entries naming an instance or the
 * tenant they read, and instances whose entries they read.
 */
export type AuditReach = { tenants: string[]; namedOnlyTenants: string[]; instances: string[] };

export function auditReach(actor: Actor): AuditReach {
  const tenants = scopedTenantIds(actor, "audit.view");
  const withAccounts = new Set(scopedTenantIds(actor, "tenant.audit.accounts"));
  const instances = actor.assignments.flatMap((a) =>
    a.role === "SystemAdministrator" && allowedRoles("audit.view").includes(a.role) && a.instanceId
      ? [a.instanceId]
      : [],
  );
  return {
    tenants: [...new Set(tenants.filter((id) => withAccounts.has(id)))],
    namedOnlyTenants: [...new Set(tenants.filter((id) => !withAccounts.has(id)))],
    instances: [...new Set(instances)],
  };
}

/** The tenants on which the actor holds a tenant-wide role that `permission` is granted to. */
function scopedTenantIds(actor: Actor, permission: Permission): string[] {
  const allowed = allowedRoles(permission);
  return actor.assignments.flatMap((a) =>
    isTenantWide(a) && allowed.includes(a.role) && a.tenantId ? [a.tenantId] : [],
  );
}
