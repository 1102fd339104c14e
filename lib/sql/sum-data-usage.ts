import "server-only";
import { Prisma } from "@prisma/client";
import { prisma } from "../db";
import type { EntityDefinition } from "../records/entities";
import { quoteIdentifier } from "./quote-identifier";

/** "2026-12-04T18:34:20.123+00:00" */
const isoDateTimeChars = 29;

/**
 * Records and approximate bytes of one entity per instance: the summed text length of every
 * column. Plain SQL that SQLite and PostgreSQL both run, measuring the same on both (Prisma's
 * aggregates cannot sum lengths).
 */
export async function sumDataUsage(
  entity: EntityDefinition,
  instanceIds: readonly string[],
): Promise<{ instanceId: string; records: number; bytes: number }[]> {
  // Dates count as the ISO text a backup writes for them, whatever text the database keeps.
  const width = entity.columns
    .map((c) => {
      const column = quoteIdentifier(c.name);
      return c.type === "datetime"
        ? `CASE WHEN ${column} IS NULL THEN 0 ELSE ${isoDateTimeChars} END`
        : `COALESCE(LENGTH(CAST(${column} AS TEXT)), 0)`;
    })
    .join(" + ");
  const rows = await prisma.$queryRaw<
    { instanceId: string; records: bigint | number; bytes: bigint | number | null }[]
  >(
    Prisma.sql`SELECT "instanceId", COUNT(*) AS records, SUM(${Prisma.raw(width)}) AS bytes
      FROM ${Prisma.raw(quoteIdentifier(entity.table))} WHERE "instanceId" IN (${Prisma.join(instanceIds)})
      GROUP BY "instanceId"`,
  );
  return rows.map((row) => ({
    instanceId: row.instanceId,
    records: Number(row.records),
    bytes: Number(row.bytes ?? 0),
  }));
}
