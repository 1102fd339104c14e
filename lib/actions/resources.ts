import "server-only";
import type { Instance, Tenant } from "@prisma/client";
import { findOwnAccount, type OwnAccount } from "../account/find-own-account";
import type { Actor, OwnAccountPermission, Permission, TenantPermission } from "../auth/policy";
import { findBackupFor, type ScopedBackup } from "../backups/find-backup";
import { findInstanceFor } from "../instances/find-instance";
import { findTenantFor } from "../tenants/find-tenant";

/** How audit entries name what an action acts on. */
export type AuditSubject = { tenantId?: string; instanceId?: string; backupId?: string };

/**
 * One thing a server action acts on: how its input names it, and how it is loaded only if the
 * actor holds the declared permission on it (anything else throws NotFoundError, so an
 * out-of-scope id reads exactly like a missing one). The wrapper loads each declared resource
 * once and hands the rows to the service, which never looks them up again.
 */
export type Resource<I, R> = {
  /** The id the input names; an action on the caller's own account takes it from the session. */
  id: (input: I, actor: Actor) => string | Promise<string>;
  load: (actor: Actor, id: string) => Promise<R>;
  /** What a refusal names once the input has named it, before it is loaded. */
  named: (id: string) => AuditSubject;
  /** What it names once loaded (e.g. a backup's instance). */
  loaded?: (row: R) => AuditSubject;
};

/** The resources an action acts on, by the name the service receives each loaded row under. */
export type Resources<I, L> = { [K in keyof L]: Resource<I, L[K]> };

/**
 * Loads and authorizes each resource in declaration order (the first refused throws), telling
 * `onNamed` what each names as soon as it is known, so a refusal's audit entry can say what it was about.
 */
export async function loadResources<I, L>(
  actor: Actor,
  input: I,
  resources: Resources<I, L>,
  onNamed: (subject: AuditSubject) => void = () => {},
): Promise<L> {
  const loaded = {} as L;
  for (const key of Object.keys(resources) as (keyof L)[]) {
    const resource = resources[key];
    const id = await resource.id(input, actor);
    onNamed(resource.named(id));
    const row = await resource.load(actor, id);
    if (resource.loaded) onNamed(resource.loaded(row));
    loaded[key] = row;
  }
  return loaded;
}

export function instanceResource<I>(permission: Permission, id: (input: I) => string): Resource<I, Instance> {
  return {
    id,
    load: (actor, instanceId) => findInstanceFor({ actor, permission, instanceId }),
    named: (instanceId) => ({ instanceId }),
  };
}

export function tenantResource<I>(permission: TenantPermission, id: (input: I) => string): Resource<I, Tenant> {
  return {
    id,
    load: (actor, tenantId) => findTenantFor({ actor, permission, tenantId }),
    named: (tenantId) => ({ tenantId }),
  };
}

/**
 * A backup, checked on its instance (or, once the instance is deleted, on its tenant). A restore
 * loads expired backups too, so it can say the backup expired rather than "not found".
 */
export function backupResource<I>(
  permission: Permission,
  id: (input: I) => string,
  options: { includeExpired?: boolean } = {},
): Resource<I, ScopedBackup> {
  return {
    id,
    load: (actor, backupId) => findBackupFor({ actor, permission, backupId, includeExpired: options.includeExpired }),
    named: (backupId) => ({ backupId }),
    loaded: (backup) =>
      backup.instanceId ? { instanceId: backup.instanceId } : { tenantId: backup.deletedInstanceTenantId ?? undefined },
  };
}

/**
 * The caller's own account. Its id comes from the session, never from the input, so no client can
 * name another user; its audit entries name no tenant or instance, only the actor.
 */
export function ownAccountResource<I>(permission: OwnAccountPermission): Resource<I, OwnAccount> {
  return {
    id: (_input, actor) => actor.userId,
    load: (actor, userId) => findOwnAccount({ actor, permission, userId }),
    named: () => ({}),
  };
}
