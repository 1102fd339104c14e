import "server-only";
import type { AuditEntry } from "@prisma/client";
import { can, canOnBackup, type Actor } from "../auth/policy";
import type { AuditNameSource } from "./audit-name-source";
import { auditActionLabels } from "./audit-actions";

/** The stored fields an entry is shown from. */
export type DescribedEntry = Pick<
  AuditEntry,
  "id" | "at" | "actorEmail" | "action" | "outcome" | "tenantId" | "instanceId" | "instanceName" | "backupId" | "detail"
>;

export type AuditEntryView = {
  id: string;
  at: Date;
  /** The acting user's email, or "System". */
  actor: string;
  action: string;
  actionLabel: string;
  outcome: string;
  tenant: string | null;
  instance: string | null;
  backup: string | null;
  detail: string | null;
};

/** Names already resolved for one reader, kept across the batches of an export. */
export type NameCache = Map<string, string>;

/** What an entry shows for an instance or backup it may not name. */
export const otherInstance = "Another instance";
export const otherBackup = "A backup of another instance";

/**
 * Entries as the Audit log shows them: names instead of ids, each resolved within the reader's
 * scope (an instance or backup outside it is named only as "another"), a deleted instance by the
 * name the entry kept. Tenant names need no scope: an entry names a tenant only when it belongs to
 * that tenant, so whoever may read it administers that tenant or one of its instances.
 */
export async function describeAuditEntries(options: {
  actor: Actor;
  entries: DescribedEntry[];
  names: AuditNameSource;
  cache?: NameCache;
}): Promise<AuditEntryView[]> {
  const { actor, entries, names } = options;
  const cache = options.cache ?? new Map<string, string>();
  const missing = (ids: (string | null)[], prefix: string) => [
    ...new Set(ids.filter((id): id is string => id !== null && !cache.has(`${prefix}${id}`))),
  ];

  const instanceIds = missing(
    entries.map((e) => e.instanceId),
    "i:",
  );
  if (instanceIds.length > 0)
    for (const instance of await names.instances(instanceIds))
      cache.set(`i:${instance.id}`, can(actor, "audit.view", instance) ? instance.name : otherInstance);
  // Backups are many: resolved per call, not cached.
  const backupIds = [...new Set(entries.flatMap((e) => (e.backupId ? [e.backupId] : [])))];
  const backups = new Map<string, string>();
  if (backupIds.length > 0)
    for (const backup of await names.backups(backupIds))
      backups.set(backup.id, canOnBackup(actor, "audit.view", backup) ? backup.label : otherBackup);
  const tenantIds = missing(
    entries.map((e) => e.tenantId),
    "t:",
  );
  if (tenantIds.length > 0) for (const { id, name } of await names.tenants(tenantIds)) cache.set(`t:${id}`, name);

  const deleted = (entry: DescribedEntry) =>
    entry.instanceName ? `${entry.instanceName} (deleted)` : "Deleted instance";
  return entries.map((entry) => ({
    id: entry.id,
    at: entry.at,
    actor: entry.actorEmail,
    action: entry.action,
    actionLabel: auditActionLabels[entry.action] ?? entry.action,
    outcome: entry.outcome,
    tenant: entry.tenantId ? (cache.get(`t:${entry.tenantId}`) ?? "Deleted tenant") : null,
    instance: entry.instanceId
      ? (cache.get(`i:${entry.instanceId}`) ?? deleted(entry))
      : entry.instanceName
        ? deleted(entry)
        : null,
    backup: entry.backupId ? (backups.get(entry.backupId) ?? "Deleted backup") : null,
    detail: entry.detail,
  }));
}
