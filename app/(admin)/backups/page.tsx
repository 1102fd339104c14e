import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { BackupFilterForm, type BackupFilterValues } from "@/components/backups/backup-filter-form";
import { BackupFormDialog } from "@/components/backups/backup-form-dialog";
import { BackupGrid } from "@/components/backups/backup-grid";
import { backupStatusText } from "@/components/backups/backup-status-text";
import { DeleteBackupDialog } from "@/components/backups/delete-backup-dialog";
import { InstancePicker } from "@/components/backups/instance-picker";
import { RestoreWizard } from "@/components/backups/restore-wizard";
import { VerifyBackupButton } from "@/components/backups/verify-backup-button";
import { BackupHealthSummary } from "@/components/instances/backup-health-summary";
import { loadBackupHealth } from "@/lib/health/load-backup-health";
import { tableCardStyles } from "@/components/ui/data-table";
import { StateBadge } from "@/components/state-badge";
import { RunningOperations } from "@/components/live/running-operations";
import { ActivityTable } from "@/components/backups/activity-table";
import { backupFilterFields, parseBackupFilters, type BackupFilters } from "@/lib/backups/backup-filters";
import { backupsHref } from "@/lib/backups/backups-href";
import { listBackups, type BackupListItem } from "@/lib/backups/list-backups";
import { pickRememberedInstance, rememberedInstanceCookie } from "@/lib/backups/remembered-instance";
import { requireAdminPage } from "@/lib/auth/session";
import { AppError, NotFoundError } from "@/lib/errors";
import { formatBytes, formatCount, formatDateTime, formatDuration } from "@/lib/format";
import { failedVerificationMessage } from "@/lib/backups/start-restore";
import { parsePageNumber } from "@/lib/parse-page-number";
import { listInstances } from "@/lib/instances/list-instances";
import { listActivity } from "@/lib/operations/list-activity";
import { minimumOnDemandBackupVersion, supportsOnDemandBackup } from "@/lib/instances/versions";
import { countRecords } from "@/lib/records/count-records";
import { entities } from "@/lib/records/entities";

export const metadata: Metadata = { title: "Backup & Restore" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

function restoreBlocker(backup: BackupListItem): string | undefined {
  if (backup.status === "Succeeded") return undefined;
  if (backup.status === "FailedVerification") return failedVerificationMessage(backup.failureReason);
  return "Only a backup that succeeded can be restored.";
}

function lastVerifiedText({ verification }: BackupListItem): string {
  if (!verification) return "Never";
  const result = verification.passed ? "passed" : `failed: ${verification.reason ?? "unknown reason"}`;
  return `${formatDateTime(verification.at)}, ${result}`;
}

function testRestoreText({ testRestore }: BackupListItem): string {
  if (!testRestore) return "Not yet";
  if (!testRestore.passed) return `failed, ${formatDateTime(testRestore.at)}`;
  const records = testRestore.records ?? 0;
  return `passed, ${formatCount(records)} ${records === 1 ? "record" : "records"} in ${formatDuration(testRestore.ms)}, ${formatDateTime(testRestore.at)}`;
}

export default async function BackupsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const actor = await requireAdminPage("/backups");
  const instances = await listInstances({ actor, permission: "backup.view" });
  if (instances.length === 0) {
    return <p className="text-sm">No instances are assigned to you yet.</p>;
  }
  const instanceId = one(params.instance);
  if (!instanceId) {
    // The last instance opened here (see proxy.ts), if this user may still see it.
    const remembered = (await cookies()).get(rememberedInstanceCookie)?.value;
    redirect(backupsHref({ instance: pickRememberedInstance(instances, remembered)!.id }));
  }

  const filterValues: BackupFilterValues = Object.fromEntries(
    backupFilterFields.flatMap((field) => {
      const value = params[field];
      return typeof value === "string" ? [[field, value]] : [];
    }),
  );
  let filters: BackupFilters | undefined;
  let filterErrors: Record<string, string[]> | undefined;
  try {
    filters = parseBackupFilters(params);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "VALIDATION") throw error;
    filterErrors = error.fieldErrors ?? {};
  }

  let listing;
  try {
    listing = await listBackups({ actor, instanceId, filters: filters ?? {}, page: parsePageNumber(params.page) });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold tracking-tight">Backup &amp; Restore</h1>
        <div
          role="alert"
          className="rounded-lg border border-amber-300 bg-amber-50 p-6 text-sm dark:border-amber-800 dark:bg-amber-950"
        >
          Instance not found. It may not exist, or you may not manage it.{" "}
          <Link className="underline" href="/backups">
            Show my instances
          </Link>
        </div>
      </div>
    );
  }
  const { instance, page, pageCount, total } = listing;
  // Bad filters list nothing rather than everything: the form says what to correct.
  const items = filters ? listing.items : [];
  const selectedId = one(params.backup);
  const selected = items.find((b) => b.id === selectedId);
  const activityPage = parsePageNumber(params.activity);
  const view = { instance: instance.id, type: filters?.type, status: filters?.status };
  const sandboxTargetIds = instances
    .filter((i) => i.tenantId === instance.tenantId && i.type === "Sandbox")
    .map((i) => i.id);
  const [activity, health, targetCounts] = await Promise.all([
    listActivity({ actor, instance, page: activityPage }),
    loadBackupHealth(instances),
    // What a restore of the selected backup would replace, for the wizard's impact preview.
    selected
      ? countRecords({ actor, permission: "instance.restoreInto", instanceIds: sandboxTargetIds })
      : new Map<string, Record<string, number>>(),
  ]);
  const newBackupBlocked = !supportsOnDemandBackup(instance.version)
    ? `On-demand backups need version ${minimumOnDemandBackupVersion} or later; this instance runs ${instance.version}.`
    : instance.state === "Restoring"
      ? "The instance is being restored."
      : undefined;
  const targets = instances
    .filter((i) => i.tenantId === instance.tenantId)
    .map((i) => ({ id: i.id, name: i.name, type: i.type, state: i.state, recordCounts: targetCounts.get(i.id) }));
  const pageLink = (p: number) => backupsHref({ ...view, page: p });
  const activityLink = (p: number) => backupsHref({ ...view, page, backup: selected?.id, activity: p }, "activity");
  const hasFilters = !!(filters?.type || filters?.status);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-3">
          <h1 className="text-2xl font-semibold tracking-tight">Backup &amp; Restore</h1>
          <InstancePicker instances={instances} selectedId={instance.id} describedBy="selected-instance-health" />
          <BackupHealthSummary id="selected-instance-health" health={health.get(instance.id)!} />
        </div>
        <div className="text-right">
          <BackupFormDialog
            mode="create"
            instanceId={instance.id}
            instanceName={instance.name}
            disabledReason={newBackupBlocked}
          />
          {newBackupBlocked && (
            <p id="new-backup-disabled-reason" className="mt-1 max-w-xs text-xs text-slate-600 dark:text-slate-400">
              {newBackupBlocked}
            </p>
          )}
        </div>
      </div>

      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
        {instance.name} · <StateBadge value={instance.type} /> · version {instance.version} ·{" "}
        <StateBadge value={instance.state} />
      </p>

      <RunningOperations instanceId={instance.id} />

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <section aria-labelledby="backups-heading" className={tableCardStyles}>
          <h2 id="backups-heading" className="sr-only">
            Backups for {instance.name}
          </h2>
          <BackupFilterForm instanceId={instance.id} values={filterValues} errors={filterErrors ?? {}} />
          {filterErrors ? (
            <p role="alert" className="p-8 text-center text-sm">
              Check the filters.{" "}
              <Link className="underline" href={backupsHref({ instance: instance.id })}>
                Clear filters
              </Link>
            </p>
          ) : items.length === 0 ? (
            <p className="p-8 text-center text-sm">
              {hasFilters
                ? "No backups match these filters."
                : "No backups yet. System backups are taken daily; use New backup to take one now."}
            </p>
          ) : (
            <BackupGrid
              label={`Backups for ${instance.name}`}
              selectedId={selected?.id}
              rows={items.map((b) => ({
                id: b.id,
                label: b.label,
                kind: b.kind,
                createdBy: b.createdBy,
                createdAt: b.createdAt,
                expiresAt: b.expiresAt,
                status: b.status,
                progress: b.progress,
                failureReason: b.failureReason,
                sizeBytes: b.sizeBytes,
                href: backupsHref({ ...view, page, backup: b.id }),
              }))}
            />
          )}
          {filters && total > 0 && (
            <nav
              aria-label="Backup pages"
              className="flex items-center justify-between border-t border-slate-200 px-3 py-2 text-sm dark:border-slate-800"
            >
              <span>
                Page {page} of {pageCount} · {formatCount(total)} {hasFilters ? "matching backups" : "backups"}
              </span>
              <span className="flex gap-3">
                {page > 1 && <Link href={pageLink(page - 1)}>Previous</Link>}
                {page < pageCount && <Link href={pageLink(page + 1)}>Next page</Link>}
              </span>
            </nav>
          )}
        </section>

        <aside
          aria-label="Backup details"
          className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
        >
          {!selected ? (
            <p className="text-slate-600 dark:text-slate-400">Select a backup to see its details.</p>
          ) : (
            <div className="space-y-4">
              <h2 className="text-base font-semibold break-words">{selected.label}</h2>
              <div className="flex flex-wrap gap-2">
                {selected.kind === "OnDemand" && (
                  <>
                    <BackupFormDialog
                      mode="edit"
                      backupId={selected.id}
                      label={selected.label}
                      notes={selected.notes}
                    />
                    <DeleteBackupDialog backupId={selected.id} label={selected.label} instanceId={instance.id} />
                  </>
                )}
                <RestoreWizard
                  backup={{
                    id: selected.id,
                    label: selected.label,
                    createdAt: selected.createdAt.toISOString(),
                    instanceVersion: selected.instanceVersion,
                    recordCounts: selected.recordCounts,
                    disabledReason: restoreBlocker(selected),
                  }}
                  sourceName={instance.name}
                  targets={targets}
                />
                {(selected.status === "Succeeded" || selected.status === "FailedVerification") && (
                  <VerifyBackupButton backupId={selected.id} label={selected.label} />
                )}
              </div>
              {restoreBlocker(selected) && (
                <p data-testid="restore-blocked" className="text-xs text-slate-600 dark:text-slate-400">
                  {restoreBlocker(selected)}
                </p>
              )}
              <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1">
                <dt className="text-slate-600 dark:text-slate-400">Notes</dt>
                <dd className="break-words whitespace-pre-wrap">{selected.notes || "—"}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Created By</dt>
                <dd>{selected.createdBy}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Created On</dt>
                <dd>{formatDateTime(selected.createdAt)}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Expires On</dt>
                <dd>{formatDateTime(selected.expiresAt)}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Version</dt>
                <dd>{selected.instanceVersion}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Status</dt>
                <dd>{backupStatusText(selected)}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Size</dt>
                <dd>{formatBytes(selected.sizeBytes)}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Last verified</dt>
                <dd data-testid="last-verified">
                  {lastVerifiedText(selected)}
                  {selected.verification?.passed && selected.verification.firstFailedAt && (
                    <span className="block text-xs text-amber-800 dark:text-amber-200">
                      Failed verification on {formatDateTime(selected.verification.firstFailedAt)}; the file matched its
                      checksum again since.
                    </span>
                  )}
                </dd>
                <dt className="text-slate-600 dark:text-slate-400">Test restore</dt>
                <dd data-testid="test-restore">{testRestoreText(selected)}</dd>
                <dt className="text-slate-600 dark:text-slate-400">SHA-256</dt>
                <dd className="font-mono text-xs break-all">{selected.sha256 ?? "—"}</dd>
              </dl>
              {selected.recordCounts && (
                <table className="w-full text-sm">
                  <caption className="mb-1 text-left font-medium">Records</caption>
                  <tbody>
                    {entities.map((e) => (
                      <tr key={e.table}>
                        <th scope="row" className="text-left font-normal text-slate-600 dark:text-slate-400">
                          {e.label}
                        </th>
                        <td className="text-right tabular-nums">
                          {formatCount(selected.recordCounts?.[e.table] ?? 0)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
        </aside>
      </div>

      <ActivityTable
        instanceName={instance.name}
        items={activity.items}
        page={activity.page}
        pageCount={activity.pageCount}
        total={activity.total}
        pageLink={activityLink}
      />
    </div>
  );
}
