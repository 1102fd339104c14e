import type { Metadata } from "next";
import Link from "next/link";
import { DeleteInstanceDialog } from "@/components/instances/delete-instance-dialog";
import { NewInstanceDialog } from "@/components/instances/new-instance-dialog";
import { RenameInstanceDialog } from "@/components/instances/rename-instance-dialog";
import { SwitchInstanceDialog } from "@/components/instances/switch-instance-dialog";
import { UpdateInstanceDialog } from "@/components/instances/update-instance-dialog";
import { actionsColumn, DataTable, tableCardStyles } from "@/components/ui/data-table";
import { StateBadge } from "@/components/state-badge";
import { BackupHealthSummary } from "@/components/instances/backup-health-summary";
import { can } from "@/lib/auth/policy";
import { requireAdminPage } from "@/lib/auth/session";
import { formatBytes, formatCount } from "@/lib/format";
import { summarizeHealth } from "@/lib/health/backup-health";
import { loadBackupHealth } from "@/lib/health/load-backup-health";
import { changeBlocker, instanceActivity, measureBackupUsage } from "@/lib/instances/instance-activity";
import { listInstances, measureDataUsage, type InstanceSummary } from "@/lib/instances/list-instances";
import { newerVersions } from "@/lib/instances/versions";
import { listTenants } from "@/lib/tenants/list-tenants";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  const actor = await requireAdminPage("/instances");
  const [instances, managedTenants] = await Promise.all([
    listInstances({ actor }),
    listTenants({ actor, permission: "tenant.instances.manage" }),
  ]);
  const ids = instances.map((i) => i.id);
  const [dataUsage, backupUsage, activity, health] = await Promise.all([
    measureDataUsage(ids),
    measureBackupUsage(ids),
    instanceActivity(ids),
    loadBackupHealth(instances),
  ]);
  // Every tenant the actor sees an instance of, and every tenant they may create instances in
  // (which may have none yet), by name.
  const tenants = new Map<string, { id: string; name: string; members: InstanceSummary[] }>();
  for (const tenant of managedTenants) tenants.set(tenant.id, { ...tenant, members: [] });
  for (const instance of instances) {
    const entry = tenants.get(instance.tenantId) ?? { id: instance.tenantId, name: instance.tenantName, members: [] };
    entry.members.push(instance);
    tenants.set(instance.tenantId, entry);
  }
  const managed = new Set(managedTenants.map((tenant) => tenant.id));
  const sortedTenants = [...tenants.values()].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Instances</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          The instances you administer. {instances.length === 1 ? "1 instance" : `${instances.length} instances`}.
        </p>
      </div>
      {tenants.size === 0 && (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm dark:border-slate-700">
          No instances are assigned to you yet.
        </p>
      )}
      {sortedTenants.map(({ id: tenantId, name: tenantName, members }) => {
        const total = (value: (id: string) => number | undefined) =>
          members.reduce((sum, m) => sum + (value(m.id) ?? 0), 0);
        const dataBytes = total((id) => dataUsage.get(id)?.bytes);
        const records = total((id) => dataUsage.get(id)?.records);
        const backupBytes = total((id) => backupUsage.get(id)?.bytes);
        const backups = total((id) => backupUsage.get(id)?.backups);
        const headingId = `tenant-${tenantId}`;
        const canManage = managed.has(tenantId);
        return (
          <section key={headingId} aria-labelledby={headingId} className="space-y-3">
            <div className="flex flex-wrap items-end justify-between gap-3">
              <div className="flex flex-wrap items-center gap-3">
                <h2 id={headingId} className="text-lg font-semibold">
                  {tenantName}
                </h2>
                {canManage && <NewInstanceDialog tenant={{ id: tenantId, name: tenantName }} />}
              </div>
              <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="tenant-storage">
                {members.length > 0 && (
                  <div data-testid="tenant-health">
                    <dt className="inline text-slate-600 dark:text-slate-400">Backup health: </dt>
                    <dd className="inline font-medium">{summarizeHealth(members.map((m) => health.get(m.id)!))}</dd>
                  </div>
                )}
                <div>
                  <dt className="inline text-slate-600 dark:text-slate-400">
                    Storage used by {members.length === 1 ? "1 instance" : `${members.length} instances`}:{" "}
                  </dt>
                  <dd className="inline font-medium tabular-nums">
                    {formatBytes(dataBytes)} ({formatCount(records)} records)
                  </dd>
                </div>
                <div>
                  <dt className="inline text-slate-600 dark:text-slate-400">Backups: </dt>
                  <dd className="inline font-medium tabular-nums">
                    {formatBytes(backupBytes)} in {formatCount(backups)} {backups === 1 ? "backup" : "backups"}
                    <span className="font-normal text-slate-600 dark:text-slate-400">
                      {" "}
                      — not counted against your storage
                    </span>
                  </dd>
                </div>
              </dl>
            </div>
            {members.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-700 dark:border-slate-700 dark:text-slate-300">
                {tenantName} has no instances yet. Choose <strong>New instance</strong> to create one: it starts empty
                and gets a system backup every day, and a Sandbox can be filled by restoring a backup into it.
              </p>
            ) : (
              <div className={tableCardStyles}>
                <DataTable
                  caption={`Instances of ${tenantName}`}
                  columns={[
                    { key: "name", label: "Name" },
                    { key: "type", label: "Type" },
                    { key: "version", label: "Version" },
                    { key: "state", label: "State" },
                    { key: "health", label: "Backup health" },
                    { key: "region", label: "Region" },
                    { key: "storage", label: "Storage", align: "right" },
                    actionsColumn,
                  ]}
                >
                  {members.map((instance) => {
                    const data = dataUsage.get(instance.id);
                    const current = activity.get(instance.id);
                    const blocker = changeBlocker(instance, current);
                    const versions = newerVersions(instance.version);
                    const failedUpdate = current?.recentFailedUpdate;
                    const blockedBy = blocker ? { id: `blocked-${instance.id}`, text: blocker } : null;
                    const manageable = can(actor, "tenant.instances.manage", instance);
                    const latest =
                      versions.length === 0 ? { id: `latest-${instance.id}`, text: "Latest version" } : null;
                    return (
                      <tr key={instance.id} data-testid="instance-row">
                        <th scope="row" className="px-3 py-3 text-left font-medium">
                          {instance.name}
                          <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">
                            {instance.domain}
                          </span>
                        </th>
                        <td className="px-3 py-3" data-testid="instance-type">
                          <StateBadge value={instance.type} />
                        </td>
                        <td className="px-3 py-3 tabular-nums" data-testid="instance-version">
                          {instance.version}
                          {latest && (
                            <span id={latest.id} className="block text-xs text-slate-500 dark:text-slate-400">
                              {latest.text}
                            </span>
                          )}
                        </td>
                        <td className="px-3 py-3" data-testid="instance-state">
                          <StateBadge value={instance.state} />
                          {current?.active && (
                            <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">
                              {current.active.type === "Update" ? "Backup before update" : current.active.type}{" "}
                              {current.active.status === "Queued" ? "queued" : `${current.active.progress}%`}
                            </span>
                          )}
                          {failedUpdate && (
                            <span role="status" className="mt-1 block max-w-xs text-xs text-red-700 dark:text-red-300">
                              Update to {failedUpdate.targetVersion} failed: {failedUpdate.error}
                            </span>
                          )}
                        </td>
                        <td className="px-3 py-3">
                          <BackupHealthSummary health={health.get(instance.id)!} />
                        </td>
                        <td className="px-3 py-3">{instance.region}</td>
                        <td className="px-3 py-3 text-right tabular-nums">
                          {formatBytes(data?.bytes)}
                          <span className="block text-xs text-slate-500 dark:text-slate-400">
                            {formatCount(data?.records ?? 0)} records
                          </span>
                        </td>
                        <td className="px-3 py-3 text-right whitespace-nowrap">
                          <div className="flex items-center justify-end gap-3">
                            <Link
                              className="text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
                              href={`/instances/${instance.id}/data`}
                            >
                              Data<span className="sr-only"> of {instance.name}</span>
                            </Link>
                            <Link
                              className="text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
                              href={`/backups?instance=${instance.id}`}
                            >
                              Backups<span className="sr-only"> for {instance.name}</span>
                            </Link>
                            <Link
                              className="text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
                              href={`/backups?instance=${instance.id}#activity`}
                            >
                              Activity<span className="sr-only"> of {instance.name}</span>
                            </Link>
                            <UpdateInstanceDialog
                              instance={instance}
                              versions={versions}
                              disabledReason={blockedBy ?? latest}
                            />
                            <SwitchInstanceDialog instance={instance} disabledReason={blockedBy} />
                            {manageable && (
                              <>
                                <RenameInstanceDialog instance={instance} />
                                <DeleteInstanceDialog
                                  instance={instance}
                                  backups={backupUsage.get(instance.id)?.backups ?? 0}
                                  disabledReason={blockedBy}
                                />
                              </>
                            )}
                          </div>
                          {blockedBy && (
                            <p id={blockedBy.id} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                              {blockedBy.text}
                            </p>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </DataTable>
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}
