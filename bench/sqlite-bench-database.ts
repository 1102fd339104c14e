// The bench database on SQLite: a file in the bench directory, reached through better-sqlite3.
import Database from "better-sqlite3";
import { quoteIdentifier } from "../lib/sql/quote-identifier";
import { quoteColumnList } from "../lib/sql/quote-column-list";
import type { BenchDatabase, Row } from "./bench-database";

/** Prisma's better-sqlite3 adapter stores DateTime as ISO-8601 text with an explicit offset. */
const toSqliteValue = (value: unknown) =>
  value instanceof Date ? value.toISOString().replace("Z", "+00:00") : (value ?? null);

/** Opened on first use: the file is created by the migrations (prepareDatabase), which run first. */
export function sqliteBenchDatabase(file: string): BenchDatabase {
  let db: Database.Database | undefined;
  const connection = () => {
    if (!db) {
      db = new Database(file, { timeout: 30_000 });
      db.pragma("foreign_keys = ON"); // as the product's connections: the same constraint checks apply
    }
    return db;
  };
  return {
    engine: "sqlite",
    url: `file:${file}`,
    async insertRows(table: string, columns: readonly string[], rows: Iterable<Row>) {
      const db = connection();
      const insert = db.prepare(
        `INSERT INTO ${quoteIdentifier(table)} (${quoteColumnList(columns)}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
      return db.transaction(() => {
        let count = 0;
        for (const row of rows) {
          insert.run(...row.map(toSqliteValue));
          count++;
        }
        return count;
      })();
    },
    async run(sql: string, params: readonly unknown[] = []) {
      connection()
        .prepare(sql)
        .run(...params.map(toSqliteValue));
    },
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return connection()
        .prepare(sql)
        .all(...params.map(toSqliteValue)) as T[];
    },
    async settle() {
      connection().pragma("wal_checkpoint(TRUNCATE)");
    },
    async close() {
      db?.close();
      db = undefined;
    },
  };
}
