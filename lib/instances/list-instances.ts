import "server-only";
import { Prisma } from "@prisma/client";
import { instanceScope, type Actor, type Permission } from "../auth/policy";
import { prisma } from "../db";
import { entities } from "../records/entities";

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

/** "2026-12-04T18:34:20.123+00:00" */
const isoDateTimeChars = 29;

/**
 * Records and approximate bytes of business data per instance: the summed text length of every
 * column. Plain SQL that SQLite and PostgreSQL both run, measuring the same on both.
 */
export async function measureDataUsage(instanceIds: string[]): Promise<Map<string, InstanceDataUsage>> {
  const usage = new Map<string, InstanceDataUsage>(instanceIds.map((id) => [id, { records: 0, bytes: 0 }]));
  if (instanceIds.length === 0) return usage;
  for (const entity of entities) {
    // Dates count as the ISO text a backup writes for them, whatever text the database keeps.
    const width = entity.columns
      .map((c) =>
        c.type === "datetime"
          ? `CASE WHEN "${c.name}" IS NULL THEN 0 ELSE ${isoDateTimeChars} END`
          : `COALESCE(LENGTH(CAST("${c.name}" AS TEXT)), 0)`,
      )
      .join(" + ");
    const rows = await prisma.$queryRaw<
      { instanceId: string; records: bigint | number; bytes: bigint | number | null }[]
    >(
      Prisma.sql`SELECT "instanceId", COUNT(*) AS records, SUM(${Prisma.raw(width)}) AS bytes
        FROM ${Prisma.raw(`"${entity.table}"`)} WHERE "instanceId" IN (${Prisma.join(instanceIds)}) GROUP BY "instanceId"`,
    );
    for (const row of rows) {
      const current = usage.get(row.instanceId)!;
      current.records += Number(row.records);
      current.bytes += Number(row.bytes ?? 0);
    }
  }
  return usage;
}
