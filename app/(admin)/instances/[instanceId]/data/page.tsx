import type { Metadata } from "next";
import Link from "next/link";
import { actionsColumn, DataTable, tableCardStyles } from "@/components/ui/data-table";
import { EditRecordDialog } from "@/components/records/edit-record-dialog";
import { requireAdminPage } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { formatCount } from "@/lib/format";
import { parsePageNumber } from "@/lib/parse-page-number";
import { entities, findEntity } from "@/lib/records/entities";
import { listRecords } from "@/lib/records/list-records";

export const metadata: Metadata = { title: "Instance data" };

type Props = {
  params: Promise<{ instanceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

function display(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value === null || value === undefined ? "—" : String(value);
}

export default async function InstanceDataPage({ params, searchParams }: Props) {
  const { instanceId } = await params;
  const query = await searchParams;
  const actor = await requireAdminPage(`/instances/${instanceId}/data`);
  const entity = findEntity(one(query.entity) ?? "") ?? entities[0]!;

  let data;
  try {
    data = await listRecords({
      actor,
      instanceId,
      entity,
      query: one(query.q),
      page: parsePageNumber(query.page),
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold tracking-tight">Instance data</h1>
        <p
          role="alert"
          className="rounded-lg border border-amber-300 bg-amber-50 p-6 text-sm dark:border-amber-800 dark:bg-amber-950"
        >
          {error.message}
        </p>
        <Link className="text-sm underline" href="/instances">
          Back to instances
        </Link>
      </div>
    );
  }
  const { instance, counts, rows, total, page, pageCount } = data;
  const link = (changes: Record<string, string | number>) => {
    const next = new URLSearchParams({
      entity: entity.key,
      ...(data.query ? { q: data.query } : {}),
      page: String(page),
    });
    for (const [key, value] of Object.entries(changes)) next.set(key, String(value));
    return `/instances/${instance.id}/data?${next}`;
  };
  const columns = entity.columns.filter((c) => entity.listColumns.includes(c.name));

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{instance.name} data</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Records in this instance, as a restore leaves them.
        </p>
      </div>
      <nav aria-label="Entities" className="flex flex-wrap gap-2">
        {entities.map((e) => (
          <Link
            key={e.key}
            href={`/instances/${instance.id}/data?entity=${e.key}`}
            aria-current={e.key === entity.key ? "page" : undefined}
            className={`rounded-md border px-3 py-2 text-sm ${e.key === entity.key ? "border-blue-600 bg-blue-50 dark:bg-blue-950" : "border-slate-300 dark:border-slate-700"}`}
          >
            {e.label}{" "}
            <span data-testid={`count-${e.key}`} className="tabular-nums">
              {formatCount(counts[e.key] ?? 0)}
            </span>
          </Link>
        ))}
      </nav>
      <form className="flex max-w-md gap-2" action={`/instances/${instance.id}/data`}>
        <input type="hidden" name="entity" value={entity.key} />
        <label htmlFor="record-search" className="sr-only">
          Search {entity.label.toLowerCase()}
        </label>
        <input
          id="record-search"
          name="q"
          defaultValue={data.query}
          placeholder={`Search ${entity.label.toLowerCase()}`}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        <button type="submit" className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700">
          Search
        </button>
      </form>
      <div className={tableCardStyles}>
        <DataTable
          caption={entity.label}
          columns={[...columns.map((c) => ({ key: c.name, label: c.label })), actionsColumn]}
        >
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length + 1} className="px-3 py-6 text-center">
                No {entity.label.toLowerCase()} match.
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={String(row.id)} data-testid="record-row">
              {columns.map((c) => (
                <td key={c.name} className="px-3 py-2">
                  {display(row[c.name])}
                </td>
              ))}
              <td className="px-3 py-2 text-right">
                <EditRecordDialog
                  instanceId={instance.id}
                  entity={entity.key}
                  singular={entity.singular}
                  recordId={Number(row.id)}
                  fields={entity.columns
                    .filter((c) => entity.editableColumns.includes(c.name))
                    .map((c) => ({ name: c.name, label: c.label, value: display(row[c.name]) }))}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
      <nav aria-label="Record pages" className="flex items-center justify-between text-sm">
        <span>
          Page {page} of {pageCount} · {formatCount(total)} {entity.label.toLowerCase()}
        </span>
        <span className="flex gap-3">
          {page > 1 && <Link href={link({ page: page - 1 })}>Previous</Link>}
          {page < pageCount && <Link href={link({ page: page + 1 })}>Next page</Link>}
        </span>
      </nav>
    </div>
  );
}
