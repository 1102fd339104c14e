import "server-only";
import { Prisma } from "@prisma/client";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { findInstanceFor } from "../instances/find-instance";
import { entities, type EntityDefinition } from "./entities";
import { delegateOf, unavailable } from "./record-access";

export const recordsPageSize = 25;

/** A table or column name of the entity definitions, quoted; anything else is a programming error. */
function identifier(name: string): Prisma.Sql {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`Not an identifier: ${name}`);
  return Prisma.raw(`"${name}"`);
}

/**
 * The LIKE pattern matching values that contain `text` literally. Prisma's `contains` passes `%`
 * and `_` through as wildcards (and SQLite's LIKE has no default escape character), so the search
 * runs its own LIKE with an explicit ESCAPE clause: standard SQL that SQLite and PostgreSQL read
 * the same way. `!` rather than a backslash, whose meaning in a string literal differs by dialect.
 */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, "!$&")}%`;
}

/** Record counts per entity and one searchable page of one entity's records. */
export async function listRecords(options: {
  actor: Actor;
  instanceId: string;
  entity: EntityDefinition;
  query?: string;
  page?: number;
}) {
  const instance = await findInstanceFor({
    actor: options.actor,
    permission: "records.view",
    instanceId: options.instanceId,
  });
  if (instance.state === "Restoring") throw unavailable(instance);
  const counts = Object.fromEntries(
    await Promise.all(
      entities.map(async (e) => [e.key, await delegateOf(e).count({ where: { instanceId: instance.id } })] as const),
    ),
  );
  const query = options.query?.trim().slice(0, 100) ?? "";
  const table = identifier(options.entity.table);
  const pattern = containsPattern(query);
  const matches = query
    ? Prisma.sql` AND (${Prisma.join(
        // LOWER on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
        options.entity.searchColumns.map(
          (column) => Prisma.sql`LOWER(${identifier(column)}) LIKE LOWER(${pattern}) ESCAPE '!'`,
        ),
        " OR ",
      )})`
    : Prisma.empty;
  const where = Prisma.sql`"instanceId" = ${instance.id}${matches}`;
  // Whole queries built with Prisma.sql: a fragment nested in a client's own tagged template must
  // come from that client's runtime, and the PostgreSQL client has one of its own.
  const [counted] = await prisma.$queryRaw<{ total: number | bigint }[]>(
    Prisma.sql`SELECT COUNT(*) AS "total" FROM ${table} WHERE ${where}`,
  );
  const total = Number(counted?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / recordsPageSize));
  const requested = options.page !== undefined && Number.isSafeInteger(options.page) ? options.page : 1;
  const page = Math.min(Math.max(1, requested), pageCount);
  const pageIds = await prisma.$queryRaw<{ id: number | bigint }[]>(
    Prisma.sql`SELECT "id" FROM ${table} WHERE ${where} ORDER BY "id" LIMIT ${recordsPageSize} OFFSET ${(page - 1) * recordsPageSize}`,
  );
  // The rows themselves through Prisma, so their values (dates included) come back typed as usual.
  const rows =
    pageIds.length === 0
      ? []
      : await delegateOf(options.entity).findMany({
          where: { instanceId: instance.id, id: { in: pageIds.map((row) => Number(row.id)) } },
          orderBy: { id: "asc" },
        });
  return { instance, counts, rows, total, page, pageCount, query };
}
