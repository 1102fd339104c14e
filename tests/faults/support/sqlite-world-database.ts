// A world's SQLite database, read through better-sqlite3 (synchronous underneath the async API).
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { entities } from "@/lib/records/entities";
import { quoteIdentifier } from "@/lib/sql/quote-identifier";
import { WorldDatabase } from "./world-database";

export class SqliteWorldDatabase extends WorldDatabase {
  private readonly db: Database.Database;

  constructor(file: string) {
    super();
    // No busy timeout: a read in WAL mode never waits for a writer.
    this.db = new Database(file, { timeout: 0 });
  }

  // Prisma's SQLite adapter stores DateTime as ISO-8601 text and Int as INTEGER: already the shared row shapes.
  protected async rows<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.prepare(sql).all(...params) as T[];
  }

  async execute(sql: string): Promise<void> {
    this.db.exec(sql);
  }

  /** What PRAGMA integrity_check and foreign_key_check find wrong. */
  async integrityProblems(): Promise<string[]> {
    const integrity = (this.db.pragma("integrity_check") as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    const problems = integrity.join() === "ok" ? [] : integrity.map((line) => `integrity_check: ${line}`);
    for (const row of this.db.pragma("foreign_key_check") as Record<string, unknown>[]) {
      problems.push(`foreign_key_check: ${JSON.stringify(row)}`);
    }
    return problems;
  }

  /**
   * Integers are read as JS numbers, exact for Prisma's 32-bit Int; the round trips compare exact
   * values and storage classes with records().
   */
  async recordsHash(instanceId: string): Promise<string> {
    const hash = createHash("sha256");
    this.db.exec("BEGIN"); // one read snapshot for all four tables
    try {
      for (const { table, columns } of entities) {
        hash.update(`${table}\n`);
        const rows = this.db
          .prepare(
            `SELECT ${columns.map((c) => quoteIdentifier(c.name)).join(", ")} FROM ${quoteIdentifier(table)} WHERE "instanceId" = ? ORDER BY "id"`,
          )
          .raw(true);
        for (const row of rows.iterate(instanceId)) hash.update(`${JSON.stringify(row)}\n`);
      }
    } finally {
      this.db.exec("COMMIT");
    }
    return hash.digest("hex");
  }

  /** Each value as stored (integers as bigint, so nothing is rounded), then its storage class (typeof). */
  async records(instanceId: string): Promise<Record<string, unknown[][]>> {
    const dump: Record<string, unknown[][]> = {};
    for (const { table, columns } of entities) {
      const list = columns.map((c) => `${quoteIdentifier(c.name)}, typeof(${quoteIdentifier(c.name)})`).join(", ");
      dump[table] = this.db
        .prepare(`SELECT ${list} FROM ${quoteIdentifier(table)} WHERE "instanceId" = ? ORDER BY "id"`)
        .raw(true)
        .safeIntegers(true)
        .all(instanceId) as unknown[][];
    }
    return dump;
  }

  async tableNames(): Promise<string[]> {
    const tables = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all();
    return (tables as { name: string }[]).map((t) => t.name);
  }

  /** SQLite has one write lock: whether BEGIN IMMEDIATE finds it taken. */
  async othersHoldWriteLocks(): Promise<boolean> {
    try {
      this.db.exec("BEGIN IMMEDIATE");
      this.db.exec("ROLLBACK");
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
      throw error;
    }
  }

  /** Moves the WAL into the database file, so the file can be copied on its own. */
  async checkpoint(): Promise<void> {
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
