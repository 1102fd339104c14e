import "server-only";
import type { Prisma } from "@prisma/client";
import { prisma } from "../db";
import type { AuditExportRows } from "./audit-export-rows";
import { pastCursor } from "./past-cursor";
import { prismaAuditNames } from "./prisma-audit-names";

const exported = {
  id: true,
  at: true,
  actorEmail: true,
  action: true,
  outcome: true,
  tenantId: true,
  instanceId: true,
  instanceName: true,
  backupId: true,
  detail: true,
} satisfies Prisma.AuditEntrySelect;

/**
 * On PostgreSQL: pages by keyset on (at, id) through Prisma, each query on a pooled connection
 * for as long as it runs, so a slow download holds no connection between batches. Entries
 * written meanwhile are newer than the first page and never shift the ones still to come.
 */
export function prismaAuditExportRows(where: Prisma.AuditEntryWhereInput): AuditExportRows {
  let cursor: { at: Date; id: string } | undefined;
  return {
    names: prismaAuditNames,
    async next(limit) {
      const batch = await prisma.auditEntry.findMany({
        where: cursor ? { AND: [where, pastCursor(cursor, "older")] } : where,
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: limit,
        select: exported,
      });
      const last = batch.at(-1);
      if (last) cursor = { at: last.at, id: last.id };
      return batch;
    },
    close() {},
  };
}
