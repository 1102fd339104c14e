import "server-only";
import type { Prisma } from "@prisma/client";
import { prisma } from "../db";

export type AuditOutcome = "accepted" | "denied" | "succeeded" | "failed";

export type AuditInput = {
  /** A user; or, with a null id, someone who is no user here (e.g. a refused single sign-on). */
  actor: { userId: string | null; email: string } | "system";
  action: string;
  outcome: AuditOutcome;
  /** The tenant an action on a tenant as a whole acted on (see defineTenantAction). */
  tenantId?: string | null;
  instanceId?: string | null;
  backupId?: string | null;
  operationId?: string | null;
  detail?: string;
  /** When it happened, if not now (e.g. the moment an operation finished in its transaction). */
  at?: Date;
};

/** What an action's "accepted" entry names besides the actor, the action and its instance. */
export type AcceptedRefs = { instanceId?: string; backupId?: string; operationId?: string; detail?: string };

/**
 * Writes an action's "accepted" entry inside the transaction of the change it describes, so a
 * crash can never leave a committed change unaudited. Handed to services by defineAction.
 */
export type AuditAccepted = (tx: Prisma.TransactionClient, refs?: AcceptedRefs) => Promise<void>;

type Owner = { scopeTenantId: string | null; instanceName: string | null };

/**
 * Whose entry this is (see auditScope in lib/auth/policy.ts) and the instance's name, fixed now so
 * they outlive the instance. An id that names nothing gives no owner, and a refused backup id is
 * never looked up, so an out-of-scope id and a missing one leave entries that read alike to whoever
 * sent them. Only the system's own entries about a backup (purge, sweep) take the backup's owner.
 * An entry naming neither an instance nor a tenant belongs to the acting user's tenant.
 */
async function ownerOf(entry: AuditInput, db: Prisma.TransactionClient): Promise<Owner> {
  if (entry.instanceId) {
    const instance = await db.instance.findUnique({
      where: { id: entry.instanceId },
      select: { tenantId: true, name: true },
    });
    return { scopeTenantId: entry.tenantId ?? instance?.tenantId ?? null, instanceName: instance?.name ?? null };
  }
  if (entry.tenantId) return { scopeTenantId: entry.tenantId, instanceName: null };
  if (entry.actor === "system") {
    if (!entry.backupId) return { scopeTenantId: null, instanceName: null };
    const backup = await db.backup.findUnique({
      where: { id: entry.backupId },
      select: { deletedInstanceTenantId: true, deletedInstanceName: true, instance: { select: { tenantId: true } } },
    });
    // The entry names no instance, so only a deleted one's name is worth keeping.
    return {
      scopeTenantId: backup?.instance?.tenantId ?? backup?.deletedInstanceTenantId ?? null,
      instanceName: backup?.instance ? null : (backup?.deletedInstanceName ?? null),
    };
  }
  // Someone who is no user here (a refused single sign-on) concerns nobody's tenant.
  const { userId } = entry.actor;
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { tenantId: true } }) : null;
  return { scopeTenantId: user?.tenantId ?? null, instanceName: null };
}

/** Appends one audit entry; pass a transaction client to commit it with the change it describes. */
export async function recordAudit(entry: AuditInput, db: Prisma.TransactionClient = prisma): Promise<void> {
  const actor =
    entry.actor === "system" ? { id: null, email: "System" } : { id: entry.actor.userId, email: entry.actor.email };
  const owner = await ownerOf(entry, db);
  await db.auditEntry.create({
    data: {
      ...(entry.at ? { at: entry.at } : {}),
      actorId: actor.id,
      actorEmail: actor.email,
      action: entry.action,
      outcome: entry.outcome,
      tenantId: entry.tenantId ?? null,
      instanceId: entry.instanceId ?? null,
      backupId: entry.backupId ?? null,
      operationId: entry.operationId ?? null,
      detail: entry.detail?.slice(0, 2000),
      ...owner,
    },
  });
}
