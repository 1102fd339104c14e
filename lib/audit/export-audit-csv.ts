import "server-only";
import Database from "better-sqlite3";
import { auditReach, type Actor } from "../auth/policy";
import { databaseFilePath } from "../env";
import { findInstanceFor } from "../instances/find-instance";
import { auditEntrySql } from "./audit-entry-sql";
import type { AuditNameSource } from "./audit-name-source";
import { describeAuditEntries, type DescribedEntry, type NameCache } from "./describe-audit-entries";
import type { AuditFilters } from "./schemas";
import { sqliteAuditNames } from "./sqlite-audit-names";
import { toCsvRow } from "./to-csv-row";

/** Entries per chunk: big enough to amortise the name lookups, small enough to keep memory flat. */
const batchSize = 1000;

const header = ["Time (UTC)", "Actor", "Action", "Outcome", "Tenant", "Instance", "Backup", "Detail"];

type StoredRow = Omit<DescribedEntry, "at"> & { at: string };

/**
 * Every entry the actor may read that matches the filters (page links ignored), newest first, as
 * a CSV stream. One read-only statement on a connection of its own streams the rows of one instant,
 * taken a batch at a time only when the reader wants more, so memory stays flat however many
 * entries there are; the names are looked up on the same connection (Prisma would materialise
 * every batch and lookup through its query engine, which left the process about 100 MB bigger)
 * and shown in scope as on the page. The instance filter
 * is checked before the stream is returned: out of scope throws NotFoundError, not a broken download.
 */
export async function exportAuditCsv(options: {
  actor: Actor;
  filters: AuditFilters;
}): Promise<ReadableStream<Uint8Array>> {
  const { actor, filters } = options;
  const instance = filters.instance
    ? await findInstanceFor({ actor, permission: "audit.view", instanceId: filters.instance })
    : undefined;
  const query = auditEntrySql({ reach: auditReach(actor), filters, instanceId: instance?.id });
  const encoder = new TextEncoder();
  const cache: NameCache = new Map();
  // Opened on the first read, so a download nobody reads holds no connection.
  let open: { db: Database.Database; rows: IterableIterator<unknown>; names: AuditNameSource } | undefined;
  const close = () => {
    open?.rows.return?.();
    open?.db.close();
    open = undefined;
  };

  async function next(controller: ReadableStreamDefaultController<Uint8Array>) {
    if (!open) {
      const db = new Database(databaseFilePath(), { readonly: true, fileMustExist: true, timeout: 5000 });
      open = { db, rows: db.prepare(query.sql).iterate(...query.params), names: sqliteAuditNames(db) };
      // A byte-order mark, so spreadsheets read the file as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${toCsvRow(header)}`));
      return;
    }
    const { rows, names } = open;
    const batch: DescribedEntry[] = [];
    while (batch.length < batchSize) {
      const step = rows.next();
      if (step.done) break;
      const row = step.value as StoredRow;
      batch.push({ ...row, at: new Date(row.at) });
    }
    if (batch.length > 0) {
      const views = await describeAuditEntries({ actor, entries: batch, names, cache });
      const text = views
        .map((v) =>
          toCsvRow([v.at.toISOString(), v.actor, v.action, v.outcome, v.tenant, v.instance, v.backup, v.detail]),
        )
        .join("");
      controller.enqueue(encoder.encode(text));
    }
    if (batch.length < batchSize) {
      close();
      controller.close();
    }
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          await next(controller);
        } catch (error) {
          close();
          // The response is already under way: the download ends broken rather than short and silent.
          console.error("audit export failed", error);
          controller.error(error);
        }
      },
      // The client went away: end the read so the database is not held open for nobody.
      cancel: close,
    },
    { highWaterMark: 1 },
  );
}
