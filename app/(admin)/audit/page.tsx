import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilterForm, type FilterValues } from "@/components/audit/audit-filter-form";
import { DataTable, tableCardStyles } from "@/components/ui/data-table";
import { buttonStyles } from "@/components/ui/button-styles";
import { StateBadge } from "@/components/state-badge";
import { auditActionLabels } from "@/lib/audit/audit-actions";
import { auditSearchParams } from "@/lib/audit/audit-search-params";
import { listAuditEntries, type AuditPage } from "@/lib/audit/list-audit-entries";
import { parseAuditFilters } from "@/lib/audit/parse-audit-filters";
import { auditFilterFields, type AuditFilters } from "@/lib/audit/schemas";
import { requireAdminPage } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { listInstances } from "@/lib/instances/list-instances";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const actions = Object.entries(auditActionLabels)
  .map(([value, label]) => ({ value, label }))
  .sort((a, b) => a.label.localeCompare(b.label));

const capitalized = (outcome: string) => outcome.charAt(0).toUpperCase() + outcome.slice(1);

export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const actor = await requireAdminPage("/audit");
  const instances = await listInstances({ actor, permission: "audit.view" });
  const values: FilterValues = Object.fromEntries(
    auditFilterFields.flatMap((field) => {
      const value = params[field];
      return typeof value === "string" ? [[field, value]] : [];
    }),
  );

  let filters: AuditFilters | undefined;
  let listing: AuditPage | undefined;
  let problem: { message: string; fieldErrors: Record<string, string[] | undefined> } | undefined;
  try {
    filters = parseAuditFilters(params);
    listing = await listAuditEntries({ actor, filters });
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== "VALIDATION" && error.code !== "NOT_FOUND")) throw error;
    problem =
      error.code === "NOT_FOUND"
        ? {
            message: "Instance not found. It may not exist, or you may not manage it.",
            fieldErrors: { instance: ["Choose one of your instances."] },
          }
        : { message: error.message, fieldErrors: error.fieldErrors ?? {} };
  }
  const query = filters ? auditSearchParams(filters) : "";

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Who did what on the instances you administer, and how it turned out. Newest first; times in UTC.
          </p>
        </div>
        {listing && (
          <a href={`/api/audit/export${query}`} download className={buttonStyles.secondary}>
            Export CSV
          </a>
        )}
      </div>

      <AuditFilterForm instances={instances} actions={actions} values={values} errors={problem?.fieldErrors ?? {}} />

      {problem && (
        <div
          role="alert"
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950"
        >
          {problem.message}{" "}
          <Link className="underline" href="/audit">
            Show all entries
          </Link>
        </div>
      )}

      {listing && filters && (
        <section aria-labelledby="audit-heading" className={tableCardStyles}>
          <h2 id="audit-heading" className="sr-only">
            Audit entries
          </h2>
          {listing.items.length === 0 ? (
            <p className="p-8 text-center text-sm">No entries match these filters.</p>
          ) : (
            <DataTable
              columns={[
                { key: "time", label: "Time" },
                { key: "actor", label: "Who" },
                { key: "action", label: "Action" },
                { key: "outcome", label: "Outcome" },
                { key: "on", label: "On" },
                { key: "detail", label: "Detail" },
              ]}
            >
              {listing.items.map((entry) => (
                <tr key={entry.id} data-testid="audit-row">
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(entry.at)}</td>
                  <td className="px-3 py-2 break-all">{entry.actor}</td>
                  <td className="px-3 py-2">{entry.actionLabel}</td>
                  <td className="px-3 py-2">
                    <StateBadge value={capitalized(entry.outcome)} />
                  </td>
                  <td className="px-3 py-2">
                    {[entry.instance ?? entry.tenant, entry.backup].filter(Boolean).join(" · ") || "—"}
                  </td>
                  <td className="max-w-md px-3 py-2 break-words">{entry.detail ?? ""}</td>
                </tr>
              ))}
            </DataTable>
          )}
          {(listing.newer || listing.older) && (
            <nav
              aria-label="Audit log pages"
              className="flex items-center justify-end gap-4 border-t border-slate-200 px-3 py-2 text-sm dark:border-slate-800"
            >
              {listing.newer && (
                <>
                  <Link href={`/audit${query}`}>Newest</Link>
                  <Link href={`/audit${auditSearchParams(filters, { before: listing.newer })}`}>Newer</Link>
                </>
              )}
              {listing.older && (
                <Link href={`/audit${auditSearchParams(filters, { after: listing.older })}`}>Older</Link>
              )}
            </nav>
          )}
        </section>
      )}
    </div>
  );
}
