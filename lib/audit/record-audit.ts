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

/** Appends one audit entry; pass a transaction client to commit it with the change it describes. */
export async function recordAudit(entry: AuditInput, db: Prisma.TransactionClient = prisma): Promise<void> {
  const actor =
    entry.actor === "system" ? { id: null, email: "System" } : { id: entry.actor.userId, email: entry.actor.email };
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
    },
  });
}
