// What a fault test observes of a world's database, the same on SQLite and on PostgreSQL: state
// rows, integrity, and the records of an instance. The queries both databases read alike live
// here; sqlite-world-database.ts and postgresql-world-database.ts add what each does its own way.
import { entities } from "@/lib/records/entities";
import { quoteIdentifier } from "@/lib/sql/quote-identifier";
import { waitFor } from "./wait";

// Row shapes are the same on both databases: dates as ISO-8601 text, integers as numbers.

export type OperationRow = {
  id: string;
  type: string;
  status: string;
  instanceId: string;
  backupId: string | null;
  attempts: number;
  progress: number;
  error: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  exclusiveKey: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

export const isSettled = (operation: Pick<OperationRow, "status">) =>
  operation.status === "Succeeded" || operation.status === "Failed";

/** From an operation's latest claim to its end: one whole attempt, in ms. */
export const runTimeMs = (operation: OperationRow) =>
  Date.parse(operation.finishedAt!) - Date.parse(operation.startedAt!);

export type BackupRow = {
  id: string;
  instanceId: string;
  status: string;
  failureReason: string | null;
  storageKey: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  recordCounts: string | null;
};

export type AuditRow = { action: string; outcome: string; operationId: string | null; backupId: string | null };

/**
 * A connection of the test's own to a world's database. Reads only, except where a test
 * deliberately changes records (`execute`). Filters (`where`) are SQL with `?` placeholders.
 */
export abstract class WorldDatabase {
  /** Rows of `sql` (`?` placeholders), as objects keyed by column name. */
  protected abstract rows<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;

  /** Runs statements that change the database (several, separated by semicolons). */
  abstract execute(sql: string): Promise<void>;

  /** What the database's own checks find wrong (structure, foreign keys); empty when it is sound. */
  abstract integrityProblems(): Promise<string[]>;

  /**
   * SHA-256 of every record of the instance, read in one snapshot: the four tables in order, rows
   * in id order, all columns but instanceId. Comparable between instances of one database.
   */
  abstract recordsHash(instanceId: string): Promise<string>;

  /** Every record of the instance, per table in id order: each value exactly as stored, with its type. */
  abstract records(instanceId: string): Promise<Record<string, unknown[][]>>;

  /** Every table of the database (the app's and any it left behind), sorted by name. */
  abstract tableNames(): Promise<string[]>;

  /** Whether another connection holds write locks that a worker taking over would have to wait for. */
  abstract othersHoldWriteLocks(): Promise<boolean>;

  /** Makes the database durable on its own, so that it can be copied (see cloneWorld). */
  abstract checkpoint(): Promise<void>;

  abstract close(): Promise<void>;

  async operation(id: string): Promise<OperationRow | undefined> {
    return (await this.rows<OperationRow>(`SELECT * FROM "Operation" WHERE "id" = ?`, [id]))[0];
  }

  /** Waits (polling) until the operation has ended, and returns its row. */
  async settled(operationId: string, timeoutMs: number): Promise<OperationRow> {
    let last: OperationRow | undefined;
    return waitFor(
      async () => {
        last = await this.operation(operationId);
        return last && isSettled(last) ? last : undefined;
      },
      { timeoutMs, what: `operation ${operationId} to end`, describe: () => JSON.stringify(last) },
    );
  }

  operations(where = "1 = 1", ...params: unknown[]): Promise<OperationRow[]> {
    return this.rows(`SELECT * FROM "Operation" WHERE ${where} ORDER BY "createdAt", "id"`, params);
  }

  async instanceState(id: string): Promise<{ state: string; type: string } | undefined> {
    return (
      await this.rows<{ state: string; type: string }>(`SELECT "state", "type" FROM "Instance" WHERE "id" = ?`, [id])
    )[0];
  }

  async backup(id: string): Promise<BackupRow | undefined> {
    return (await this.rows<BackupRow>(`SELECT * FROM "Backup" WHERE "id" = ?`, [id]))[0];
  }

  backups(where = "1 = 1", ...params: unknown[]): Promise<BackupRow[]> {
    return this.rows(`SELECT * FROM "Backup" WHERE ${where} ORDER BY "createdAt", "id"`, params);
  }

  audit(where: string, ...params: unknown[]): Promise<AuditRow[]> {
    return this.rows(
      `SELECT "action", "outcome", "operationId", "backupId" FROM "AuditEntry" WHERE ${where} ORDER BY "at", "id"`,
      params,
    );
  }

  async recordCount(instanceId: string): Promise<number> {
    let sum = 0;
    for (const { table } of entities) {
      const [row] = await this.rows<{ n: number }>(
        `SELECT COUNT(*) AS n FROM ${quoteIdentifier(table)} WHERE "instanceId" = ?`,
        [instanceId],
      );
      sum += row!.n;
    }
    return sum;
  }
}
