import "server-only";
import Database from "better-sqlite3";
import type { AuditReach } from "../auth/policy";
import { databaseFilePath } from "../env";
import { auditEntrySql } from "./audit-entry-sql";
import type { AuditExportRows } from "./audit-export-rows";
import type { DescribedEntry } from "./describe-audit-entries";
import type { AuditFilters } from "./schemas";
import { sqliteAuditNames } from "./sqlite-audit-names";

type StoredRow = Omit<DescribedEntry, "at"> & { at: string };

/**
 * On SQLite: one read-only statement on a connection of its own streams the rows of one instant,
 * and the names are looked up on the same connection (Prisma would materialise every batch and
 * lookup through its query engine, which left the process about 100 MB bigger).
 */
export function sqliteAuditExportRows(query: {
  reach: AuditReach;
  filters: AuditFilters;
  instanceId?: string;
}): AuditExportRows {
  const { sql, params } = auditEntrySql(query);
  const db = new Database(databaseFilePath(), { readonly: true, fileMustExist: true, timeout: 5000 });
  const rows = db.prepare(sql).iterate(...params);
  return {
    names: sqliteAuditNames(db),
    async next(limit) {
      const batch: DescribedEntry[] = [];
      while (batch.length < limit) {
        const step = rows.next();
        if (step.done) break;
        const row = step.value as StoredRow;
        batch.push({ ...row, at: new Date(row.at) });
      }
      return batch;
    },
    close() {
      rows.return?.();
      db.close();
    },
  };
}
