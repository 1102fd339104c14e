import "server-only";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { auditEntryWhere } from "./audit-entry-where";
import { describeAuditEntries, type NameCache } from "./describe-audit-entries";
import { pastCursor } from "./past-cursor";
import type { AuditCursor, AuditFilters } from "./schemas";
import { toCsvRow } from "./to-csv-row";

/** Entries read per query: big enough to amortise the name lookups, small enough to keep memory flat. */
const batchSize = 1000;

/** Only what a CSV row shows: less for each batch to build and collect. */
const exportedColumns = {
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
} as const;

const header = ["Time (UTC)", "Actor", "Action", "Outcome", "Tenant", "Instance", "Backup", "Detail"];

/**
 * Every entry the actor may read that matches the filters (page links ignored), newest first, as
 * a CSV stream. The stream pulls one keyset batch at a time only when the reader wants more, so
 * memory stays flat however many entries there are. The scope and an instance filter are checked
 * before the stream is returned: an instance out of scope throws NotFoundError, not a broken download.
 */
export async function exportAuditCsv(options: {
  actor: Actor;
  filters: AuditFilters;
}): Promise<ReadableStream<Uint8Array>> {
  const { actor } = options;
  const where = await auditEntryWhere({ actor, filters: { ...options.filters, after: undefined, before: undefined } });
  const encoder = new TextEncoder();
  const cache: NameCache = new Map();
  let cursor: AuditCursor | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          await next(controller);
        } catch (error) {
          // The response is already under way: the download ends broken rather than short and silent.
          console.error("audit export failed", error);
          controller.error(error);
        }
      },
    },
    { highWaterMark: 1 },
  );

  async function next(controller: ReadableStreamDefaultController<Uint8Array>) {
    if (!started) {
      started = true;
      // A byte-order mark, so spreadsheets read the file as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${toCsvRow(header)}`));
      return;
    }
    const rows = await prisma.auditEntry.findMany({
      where: cursor ? { AND: [where, pastCursor(cursor, "older")] } : where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: batchSize,
      select: exportedColumns,
    });
    const last = rows.at(-1);
    if (!last) {
      controller.close();
      return;
    }
    const views = await describeAuditEntries({ actor, entries: rows, cache });
    const text = views
      .map((v) =>
        toCsvRow([v.at.toISOString(), v.actor, v.action, v.outcome, v.tenant, v.instance, v.backup, v.detail]),
      )
      .join("");
    controller.enqueue(encoder.encode(text));
    cursor = { at: last.at, id: last.id };
    if (rows.length < batchSize) controller.close();
  }
}
