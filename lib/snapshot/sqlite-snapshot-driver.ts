import "server-only";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type {
  RestoreCompletion,
  RestoreSection,
  SnapshotDriver,
  SnapshotReadTransaction,
  TableSpec,
} from "./snapshot-driver";

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit offset. */
const toSqliteDateTime = (date: Date) => date.toISOString().replace("Z", "+00:00");

/**
 * Snapshot driver on better-sqlite3. Each operation opens its own connection: a read snapshot
 * keeps a statement open across awaits, which would block any other use of a shared connection.
 */
export class SqliteSnapshotDriver implements SnapshotDriver {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { timeout: 30_000 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
  }

  async withReadTransaction<T>(read: (tx: SnapshotReadTransaction) => Promise<T>): Promise<T> {
    const db = this.db;
    // A deferred transaction takes its WAL read snapshot at the first SELECT; every later read in
    // it sees that same instant while other connections keep writing.
    db.exec("BEGIN");
    try {
      db.prepare("SELECT 1 FROM sqlite_master LIMIT 1").get();
      const tx: SnapshotReadTransaction = {
        count: (table, instanceId) =>
          (
            db.prepare(`SELECT COUNT(*) AS n FROM ${quote(table)} WHERE "instanceId" = ?`).get(instanceId) as {
              n: number;
            }
          ).n,
        rows: (spec, instanceId) =>
          db
            .prepare(
              `SELECT ${spec.columns.map(quote).join(", ")} FROM ${quote(spec.table)} WHERE "instanceId" = ? ORDER BY "id"`,
            )
            .raw(true)
            .iterate(instanceId) as Iterable<unknown[]>,
      };
      return await read(tx);
    } finally {
      db.exec("COMMIT");
    }
  }

  async replaceInstanceData(options: {
    instanceId: string;
    tables: readonly TableSpec[];
    sections: AsyncIterable<RestoreSection>;
    completion: RestoreCompletion;
  }): Promise<Record<string, number>> {
    const { db } = this;
    const { instanceId, completion } = options;
    const counts: Record<string, number> = {};
    // IMMEDIATE takes the write lock up front, so the restore cannot fail half-way on a busy lock.
    db.exec("BEGIN IMMEDIATE");
    try {
      // Children first, so foreign keys hold at every step.
      for (const { table } of [...options.tables].reverse()) {
        db.prepare(`DELETE FROM ${quote(table)} WHERE "instanceId" = ?`).run(instanceId);
      }
      for await (const section of options.sections) {
        const { table, columns } = section.spec;
        const insert = db.prepare(
          `INSERT INTO ${quote(table)} ("instanceId", ${columns.map(quote).join(", ")}) VALUES (?${", ?".repeat(columns.length)})`,
        );
        let count = 0;
        for await (const batch of section.rows) {
          for (const row of batch) insert.run(instanceId, ...row);
          count += batch.length;
        }
        counts[table] = count;
      }
      this.completeRestore(instanceId, completion);
      completion.beforeCommit();
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
    // Return the WAL's pages to the database file so a large restore does not leave it bloated.
    db.pragma("wal_checkpoint(TRUNCATE)");
    return counts;
  }

  /** Marks the operation done and the instance Ready in the restore's own transaction. */
  private completeRestore(instanceId: string, completion: RestoreCompletion) {
    const finishedAt = toSqliteDateTime(completion.finishedAt);
    const claimed = this.db
      .prepare(
        `UPDATE "Operation" SET "status" = 'Succeeded', "progress" = 100, "finishedAt" = ?, "exclusiveKey" = NULL,
           "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "error" = NULL
         WHERE "id" = ? AND "leaseOwner" = ? AND "status" = 'Running'`,
      )
      .run(finishedAt, completion.operationId, completion.leaseOwner);
    // Another worker took the operation over (our lease expired): let it own the outcome.
    if (claimed.changes !== 1) throw new Error("The restore operation is no longer leased by this worker.");
    this.db.prepare(`UPDATE "Instance" SET "state" = 'Ready' WHERE "id" = ?`).run(instanceId);
    const audit = completion.audit;
    this.db
      .prepare(
        `INSERT INTO "AuditEntry" ("id", "at", "actorId", "actorEmail", "action", "outcome", "instanceId", "backupId", "operationId", "detail")
         VALUES (?, ?, ?, ?, 'backup.restore', 'succeeded', ?, ?, ?, ?)`,
      )
      .run(
        randomUUID(),
        finishedAt,
        audit.actorId,
        audit.actorEmail,
        instanceId,
        audit.backupId,
        completion.operationId,
        audit.detail,
      );
  }

  close(): void {
    this.db.close();
  }
}
