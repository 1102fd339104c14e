// Large instances, written straight through better-sqlite3 in one transaction (as bench/seed.ts
// does): Prisma's createMany would take minutes for 200k records.
import Database from "better-sqlite3";
import { generateRecords, recordsPerAccount } from "@/lib/demo/generate-records";
import { entities } from "@/lib/records/entities";
import { quote } from "./world";

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit offset. */
const toSqliteDateTime = (date: Date) => date.toISOString().replace("Z", "+00:00");

/** Adds about `records` generated records (deterministic for `seed`) to an existing, empty instance. */
export function seedLargeInstance(
  databaseFile: string,
  options: { instanceId: string; records: number; seed: number },
) {
  const db = new Database(databaseFile, { timeout: 30_000 });
  try {
    const inserts = new Map(
      entities.map(({ table, columns }) => [
        table,
        {
          columns: columns.map((c) => c.name),
          statement: db.prepare(
            `INSERT INTO ${quote(table)} ("instanceId", ${columns.map((c) => quote(c.name)).join(", ")}) VALUES (?${", ?".repeat(columns.length)})`,
          ),
        },
      ]),
    );
    let count = 0;
    db.transaction(() => {
      for (const record of generateRecords({
        seed: options.seed,
        accounts: Math.ceil(options.records / recordsPerAccount),
      })) {
        const insert = inserts.get(record.table)!;
        const row = record.row as Record<string, unknown>;
        const values = insert.columns.map((column) => {
          const value = row[column];
          return value instanceof Date ? toSqliteDateTime(value) : (value ?? null);
        });
        insert.statement.run(options.instanceId, ...values);
        count++;
      }
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
    return count;
  } finally {
    db.close();
  }
}
