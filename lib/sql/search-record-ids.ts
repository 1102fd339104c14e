import "server-only";
import { Prisma } from "@prisma/client";
import { prisma } from "../db";
import type { EntityDefinition } from "../records/entities";
import { quoteIdentifier } from "./quote-identifier";

/**
 * The LIKE pattern matching values that contain `text` literally. Prisma's `contains` passes `%`
 * and `_` through as wildcards (and SQLite's LIKE has no default escape character), so the search
 * runs its own LIKE with an explicit ESCAPE clause: standard SQL that SQLite and PostgreSQL read
 * the same way. `!` rather than a backslash, whose meaning in a string literal differs by dialect.
 */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, "!$&")}%`;
}

/**
 * The records of one entity of an instance whose search columns contain `query` (any case; all of
 * them for an empty query): how many there are, and the ids of one page in id order.
 */
export function searchRecordIds(options: { entity: EntityDefinition; instanceId: string; query: string }) {
  const { entity, instanceId, query } = options;
  const table = Prisma.raw(quoteIdentifier(entity.table));
  const pattern = containsPattern(query);
  const matches = query
    ? Prisma.sql` AND (${Prisma.join(
        // LOWER on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
        entity.searchColumns.map(
          (column) => Prisma.sql`LOWER(${Prisma.raw(quoteIdentifier(column))}) LIKE LOWER(${pattern}) ESCAPE '!'`,
        ),
        " OR ",
      )})`
    : Prisma.empty;
  const where = Prisma.sql`"instanceId" = ${instanceId}${matches}`;
  // Whole queries built with Prisma.sql: a fragment nested in a client's own tagged template must
  // come from that client's runtime, and the PostgreSQL client has one of its own.
  return {
    async count(): Promise<number> {
      const [counted] = await prisma.$queryRaw<{ total: number | bigint }[]>(
        Prisma.sql`SELECT COUNT(*) AS "total" FROM ${table} WHERE ${where}`,
      );
      return Number(counted?.total ?? 0);
    },
    async page(limit: number, offset: number): Promise<number[]> {
      const rows = await prisma.$queryRaw<{ id: number | bigint }[]>(
        Prisma.sql`SELECT "id" FROM ${table} WHERE ${where} ORDER BY "id" LIMIT ${limit} OFFSET ${offset}`,
      );
      return rows.map((row) => Number(row.id));
    },
  };
}
