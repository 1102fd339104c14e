import "server-only";
import type { Prisma } from "@prisma/client";
import { auditScope, type Actor } from "../auth/policy";
import { findInstanceFor } from "../instances/find-instance";
import type { AuditFilters } from "./schemas";

const dayMs = 24 * 60 * 60_000;

/**
 * The entries an Audit log query reads: the actor's scope and the filters. An instance filter
 * outside the scope throws NotFoundError, like an instance that does not exist. Dates are UTC
 * days, `to` included.
 */
export async function auditEntryWhere(options: { actor: Actor; filters: AuditFilters }) {
  const { actor, filters } = options;
  const and: Prisma.AuditEntryWhereInput[] = [auditScope(actor)];
  if (filters.instance) {
    const instance = await findInstanceFor({ actor, permission: "audit.view", instanceId: filters.instance });
    and.push({ instanceId: instance.id });
  }
  if (filters.actor) and.push({ actorEmail: filters.actor });
  if (filters.action) and.push({ action: filters.action });
  if (filters.outcome) and.push({ outcome: filters.outcome });
  if (filters.from) and.push({ at: { gte: new Date(`${filters.from}T00:00:00.000Z`) } });
  if (filters.to) and.push({ at: { lt: new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + dayMs) } });
  return { AND: and } satisfies Prisma.AuditEntryWhereInput;
}
