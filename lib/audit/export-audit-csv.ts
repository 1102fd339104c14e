import "server-only";
import { auditReach, type Actor } from "../auth/policy";
import { databaseProvider } from "../env";
import { auditEntryWhere } from "./audit-entry-where";
import type { AuditExportRows } from "./audit-export-rows";
import { describeAuditEntries, type NameCache } from "./describe-audit-entries";
import { prismaAuditExportRows } from "./prisma-audit-export-rows";
import type { AuditFilters } from "./schemas";
import { sqliteAuditExportRows } from "./sqlite-audit-export-rows";
import { toCsvRow } from "./to-csv-row";

/** Entries per chunk: big enough to amortise the name lookups, small enough to keep memory flat. */
const batchSize = 1000;

const header = ["Time (UTC)", "Actor", "Action", "Outcome", "Tenant", "Instance", "Backup", "Detail"];

/**
 * Every entry the actor may read that matches the filters (page links ignored), newest first, as
 * a CSV stream. Rows are read a batch at a time only when the reader wants more, so memory stays
 * flat however many entries there are, and names are shown in scope as on the page. The instance
 * filter is checked before the stream is returned: out of scope throws NotFoundError, not a
 * broken download.
 */
export async function exportAuditCsv(options: {
  actor: Actor;
  filters: AuditFilters;
}): Promise<ReadableStream<Uint8Array>> {
  const { actor, filters } = options;
  // Also checks the instance filter in scope, so it throws before any byte is sent.
  const where = await auditEntryWhere({ actor, filters });
  const openRows = (): AuditExportRows =>
    databaseProvider() === "postgresql"
      ? prismaAuditExportRows(where)
      : sqliteAuditExportRows({ reach: auditReach(actor), filters, instanceId: filters.instance });
  const encoder = new TextEncoder();
  const cache: NameCache = new Map();
  // Opened on the first read, so a download nobody reads holds no connection.
  let open: AuditExportRows | undefined;
  const close = () => {
    open?.close();
    open = undefined;
  };

  async function next(controller: ReadableStreamDefaultController<Uint8Array>) {
    if (!open) {
      open = openRows();
      // A byte-order mark, so spreadsheets read the file as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${toCsvRow(header)}`));
      return;
    }
    const batch = await open.next(batchSize);
    if (batch.length > 0) {
      const views = await describeAuditEntries({ actor, entries: batch, names: open.names, cache });
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
