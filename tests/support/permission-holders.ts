import type { AdminRole, Permission } from "@/lib/auth/policy";

/**
 * Which roles hold each permission: the matrix's own statement of lib/auth/policy.ts, checked
 * against it by the guards, so a policy change has to be made here on purpose too.
 */
export const permissionHolders = {
  "instance.view": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "instance.update": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "instance.switch": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "backup.view": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "backup.create": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "backup.edit": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "backup.delete": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "backup.restore": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "backup.verify": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "instance.restoreInto": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "records.view": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "records.edit": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "audit.view": ["GlobalAdmin", "SystemAdministrator", "DelegatedAdmin"],
  "tenant.instances.manage": ["GlobalAdmin"],
  "tenant.users.manage": ["GlobalAdmin"],
  "tenant.audit.accounts": ["GlobalAdmin"],
  "tenant.alerts.manage": ["GlobalAdmin"],
} as const satisfies Record<Permission, readonly AdminRole[]>;
