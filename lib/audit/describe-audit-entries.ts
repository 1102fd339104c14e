import "server-only";
import type { AuditEntry } from "@prisma/client";
import { backupScope, instanceScope, type Actor } from "../auth/policy";
import { prisma } from "../db";
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
  cache?: NameCache;
}): Promise<AuditEntryView[]> {
  const { actor, entries } = options;
  const cache = options.cache ?? new Map<string, string>();
  const missing = (ids: (string | null)[], prefix: string) => [
    ...new Set(ids.filter((id): id is string => id !== null && !cache.has(`${prefix}${id}`))),
  ];

  const instanceIds = missing(
    entries.map((e) => e.instanceId),
    "i:",
  );
  if (instanceIds.length > 0) {
    const visible = await prisma.instance.findMany({
      where: { AND: [{ id: { in: instanceIds } }, instanceScope(actor, "audit.view")] },
      select: { id: true, name: true },
    });
    for (const { id, name } of visible) cache.set(`i:${id}`, name);
    // Only ids outside the scope are told apart: still there (another instance) or deleted.
    const rest = instanceIds.filter((id) => !cache.has(`i:${id}`));
    if (rest.length > 0)
      for (const { id } of await prisma.instance.findMany({ where: { id: { in: rest } }, select: { id: true } }))
        cache.set(`i:${id}`, otherInstance);
  }
  // Backups are many: resolved per call, not cached.
  const backupIds = [...new Set(entries.flatMap((e) => (e.backupId ? [e.backupId] : [])))];
  const backups = new Map<string, string>();
  if (backupIds.length > 0) {
    const visible = await prisma.backup.findMany({
      where: { AND: [{ id: { in: backupIds } }, backupScope(actor, "audit.view")] },
      select: { id: true, label: true },
    });
    for (const { id, label } of visible) backups.set(id, label);
    const rest = backupIds.filter((id) => !backups.has(id));
    if (rest.length > 0)
      for (const { id } of await prisma.backup.findMany({ where: { id: { in: rest } }, select: { id: true } }))
        backups.set(id, otherBackup);
  }
  const tenantIds = missing(
    entries.map((e) => e.tenantId),
    "t:",
  );
  if (tenantIds.length > 0) {
    const tenants = await prisma.tenant.findMany({
      where: { id: { in: tenantIds } },
      select: { id: true, name: true },
    });
    for (const { id, name } of tenants) cache.set(`t:${id}`, name);
  }

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
