import "server-only";
import { instanceScope, type Actor, type Permission } from "../auth/policy";
import { prisma } from "../db";
import { entities } from "../records/entities";
import { sumDataUsage } from "../sql/sum-data-usage";

export type InstanceSummary = {
  id: string;
  name: string;
  domain: string;
  tenantId: string;
  tenantName: string;
  type: "Production" | "Sandbox";
  version: string;
  state: "Ready" | "Restoring" | "Updating";
  region: string;
  createdAt: Date;
};

/** The instances the actor has `permission` on, grouped-friendly: ordered by tenant, then name. */
export async function listInstances(options: { actor: Actor; permission?: Permission }): Promise<InstanceSummary[]> {
  const rows = await prisma.instance.findMany({
    where: instanceScope(options.actor, options.permission ?? "instance.view"),
    include: { tenant: { select: { name: true } } },
    orderBy: [{ tenant: { name: "asc" } }, { name: "asc" }],
  });
  return rows.map(({ tenant, ...row }) => ({ ...row, tenantName: tenant.name }));
}

export type InstanceDataUsage = { records: number; bytes: number };

/** Records and approximate bytes of business data per instance (see sumDataUsage). */
export async function measureDataUsage(instanceIds: string[]): Promise<Map<string, InstanceDataUsage>> {
  const usage = new Map<string, InstanceDataUsage>(instanceIds.map((id) => [id, { records: 0, bytes: 0 }]));
  if (instanceIds.length === 0) return usage;
  for (const entity of entities) {
    for (const row of await sumDataUsage(entity, instanceIds)) {
      const current = usage.get(row.instanceId)!;
      current.records += row.records;
      current.bytes += row.bytes;
    }
  }
  return usage;
}
