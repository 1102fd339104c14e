import type { Metadata } from "next";
import Link from "next/link";
import { StateBadge } from "@/components/state-badge";
import { requireAdminPage } from "@/lib/auth/session";
import { formatBytes, formatCount } from "@/lib/format";
import { listInstances, measureDataUsage } from "@/lib/instances/list-instances";

export const metadata: Metadata = { title: "Instances" };

export default async function InstancesPage() {
  const actor = await requireAdminPage("/instances");
  const instances = await listInstances({ actor });
  const usage = await measureDataUsage(instances.map((i) => i.id));

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Instances</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          The instances you administer. {instances.length === 1 ? "1 instance" : `${instances.length} instances`}.
        </p>
      </div>
      {instances.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm dark:border-slate-700">
          No instances are assigned to you yet.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <caption className="sr-only">Instances you administer</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800/50 dark:text-slate-300">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Name
                </th>
                <th scope="col" className="px-4 py-3">
                  Tenant
                </th>
                <th scope="col" className="px-4 py-3">
                  Type
                </th>
                <th scope="col" className="px-4 py-3">
                  Version
                </th>
                <th scope="col" className="px-4 py-3">
                  State
                </th>
                <th scope="col" className="px-4 py-3">
                  Region
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Storage
                </th>
                <th scope="col" className="px-4 py-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {instances.map((instance) => {
                const data = usage.get(instance.id);
                return (
                  <tr key={instance.id} data-testid="instance-row">
                    <th scope="row" className="px-4 py-3 text-left font-medium">
                      {instance.name}
                      <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">
                        {instance.domain}
                      </span>
                    </th>
                    <td className="px-4 py-3">{instance.tenantName}</td>
                    <td className="px-4 py-3">
                      <StateBadge value={instance.type} />
                    </td>
                    <td className="px-4 py-3 tabular-nums">{instance.version}</td>
                    <td className="px-4 py-3">
                      <StateBadge value={instance.state} />
                    </td>
                    <td className="px-4 py-3">{instance.region}</td>
                    <td className="px-4 py-3 text-right tabular-nums">
                      {formatBytes(data?.bytes)}
                      <span className="block text-xs text-slate-500 dark:text-slate-400">
                        {formatCount(data?.records ?? 0)} records
                      </span>
                    </td>
                    <td className="space-x-3 px-4 py-3 text-right whitespace-nowrap">
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
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
