import "server-only";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { auditEntryWhere } from "./audit-entry-where";
import { describeAuditEntries, type AuditEntryView } from "./describe-audit-entries";
import { pastCursor } from "./past-cursor";
import { prismaAuditNames } from "./prisma-audit-names";
import type { AuditCursor, AuditFilters } from "./schemas";

export const auditPageSize = 50;

export type AuditPage = {
  items: AuditEntryView[];
  /** Where the next older page starts, or null on the oldest page. */
  older: AuditCursor | null;
  /** Where the next newer page starts, or null on the newest page. */
  newer: AuditCursor | null;
};

const at = (entry: { at: Date; id: string }): AuditCursor => ({ at: entry.at, id: entry.id });

/**
 * One page of the entries the actor may read, newest first, by keyset on (at, id): a page costs
 * the same however deep it is, and entries written meanwhile never shift the pages being read.
 * `filters.after` continues with older entries, `filters.before` with newer ones.
 */
export async function listAuditEntries(options: { actor: Actor; filters: AuditFilters }): Promise<AuditPage> {
  const { actor, filters } = options;
  const where = await auditEntryWhere({ actor, filters });
  const newerPage = filters.before !== undefined;
  const cursor = filters.before ?? filters.after;
  const rows = await prisma.auditEntry.findMany({
    where: cursor ? { AND: [where, pastCursor(cursor, newerPage ? "newer" : "older")] } : where,
    orderBy: newerPage ? [{ at: "asc" }, { id: "asc" }] : [{ at: "desc" }, { id: "desc" }],
    take: auditPageSize + 1,
  });
  const more = rows.length > auditPageSize;
  const page = rows.slice(0, auditPageSize);
  if (newerPage) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  return {
    items: await describeAuditEntries({ actor, entries: page, names: prismaAuditNames }),
    older: newerPage ? (last ? at(last) : null) : more && last ? at(last) : null,
    newer: newerPage ? (more && first ? at(first) : null) : cursor && first ? at(first) : null,
  };
}
