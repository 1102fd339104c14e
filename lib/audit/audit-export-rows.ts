import type { AuditNameSource } from "./audit-name-source";
import type { DescribedEntry } from "./describe-audit-entries";

/**
 * Where the CSV export reads its entries from, one batch at a time as the download wants more:
 * newest first, every entry the query matched, each batch at most `limit` long (a shorter one is
 * the last). `names` looks up what the entries show; `close` ends the read early or late.
 */
export type AuditExportRows = {
  next(limit: number): Promise<DescribedEntry[]>;
  names: AuditNameSource;
  close(): void;
};
