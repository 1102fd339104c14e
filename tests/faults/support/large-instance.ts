// Large instances, written straight to the database: Prisma's createMany would take minutes for
// 200k records. SQLite: better-sqlite3 in one transaction. PostgreSQL: COPY FROM STDIN, one table
// after the other, in one transaction.
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { generateRecords, recordsPerAccount } from "@/lib/demo/generate-records";
import { entities } from "@/lib/records/entities";
import { isPostgresql, sqliteFile, type World } from "./world";
import { quoteIdentifier } from "@/lib/sql/quote-identifier";

type Seeding = { instanceId: string; records: number; seed: number };

/** The generated records (deterministic for `seed`), each as its table and its values in `entities` column order. */
function* generatedRows({ records, seed }: Seeding): Generator<{ table: string; values: unknown[] }> {
  const columnsOf = new Map(entities.map(({ table, columns }) => [table, columns.map((c) => c.name)]));
  for (const record of generateRecords({ seed, accounts: Math.ceil(records / recordsPerAccount) })) {
    const row = record.row as Record<string, unknown>;
    yield { table: record.table, values: columnsOf.get(record.table)!.map((column) => row[column] ?? null) };
  }
}

const insertColumns = (columns: readonly { name: string }[]) =>
  `("instanceId", ${columns.map((c) => quoteIdentifier(c.name)).join(", ")})`;

/** Adds about `records` generated records to an existing, empty instance; returns how many. */
export function seedLargeInstance(world: World, seeding: Seeding): Promise<number> {
  return isPostgresql(world)
    ? seedPostgresql(world.databaseUrl, seeding)
    : Promise.resolve(seedSqlite(sqliteFile(world.databaseUrl), seeding));
}

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit offset. */
const toSqliteDateTime = (date: Date) => date.toISOString().replace("Z", "+00:00");

function seedSqlite(file: string, seeding: Seeding): number {
  const db = new Database(file, { timeout: 30_000 });
  try {
    const inserts = new Map(
      entities.map(({ table, columns }) => [
        table,
        db.prepare(
          `INSERT INTO ${quoteIdentifier(table)} ${insertColumns(columns)} VALUES (?${", ?".repeat(columns.length)})`,
        ),
      ]),
    );
    let count = 0;
    db.transaction(() => {
      for (const { table, values } of generatedRows(seeding)) {
        const row = values.map((value) => (value instanceof Date ? toSqliteDateTime(value) : value));
        inserts.get(table)!.run(seeding.instanceId, ...row);
        count++;
      }
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
    return count;
  } finally {
    db.close();
  }
}

/** Prisma keeps DateTime as UTC in `timestamp(3)`, a type without a time zone. */
const toPostgresqlTimestamp = (date: Date) => date.toISOString().replace("T", " ").replace("Z", "");

/** One value in COPY's text format: \N for NULL, backslash escapes for the characters it reserves. */
function copyText(value: unknown): string {
  if (value === null) return "\\N";
  const text = value instanceof Date ? toPostgresqlTimestamp(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!);
}

async function seedPostgresql(url: string, seeding: Seeding): Promise<number> {
  // The generator interleaves the tables, COPY takes one at a time: gather each table's lines first.
  const lines = new Map(entities.map(({ table }) => [table, [] as string[]]));
  for (const { table, values } of generatedRows(seeding)) {
    lines.get(table)!.push(`${[seeding.instanceId, ...values].map(copyText).join("\t")}\n`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const { table, columns } of entities) {
      const tableLines = lines.get(table)!;
      await pipeline(
        function* () {
          for (let at = 0; at < tableLines.length; at += 5000) yield tableLines.slice(at, at + 5000).join("");
        },
        client.query(copyFrom(`COPY ${quoteIdentifier(table)} ${insertColumns(columns)} FROM STDIN`)),
      );
    }
    await client.query("COMMIT");
    // Statistics now rather than whenever autovacuum gets to it: the backups and restores that follow plan with them.
    await client.query(`ANALYZE ${entities.map(({ table }) => quoteIdentifier(table)).join(", ")}`);
  } finally {
    await client.end();
  }
  return [...lines.values()].reduce((sum, tableLines) => sum + tableLines.length, 0);
}
