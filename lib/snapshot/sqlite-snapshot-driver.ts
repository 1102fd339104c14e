import "server-only";
import type { Prisma, PrismaClient } from "@prisma/client";
import Database from "better-sqlite3";
import type { RestoreSection, SnapshotDriver, SnapshotReadTransaction, TableSpec } from "./snapshot-driver";
import { encodeRowLines } from "./encode-row-lines";
import { stagingIdsAmong, stagingTable } from "./staging-table";
import { quoteIdentifier } from "../sql/quote-identifier";
import { quoteColumnList } from "../sql/quote-column-list";

/** Rows written per staging transaction: long enough to amortise a commit, short enough that other writers barely wait. */
const rowsPerStagingTransaction = 2000;

/** How long the swap transaction may take: it replaces every row of the instance at once. */
const swapTimeoutMs = 10 * 60_000;

/** How long a staging write keeps retrying while another connection holds the write lock. */
const busyWaitMs = 30_000;

/** Rows handed on per batch when reading: enough to amortise an await, few enough to stay small. */
const rowsPerReadBatch = 500;

/** A statement's rows in batches; closes the statement when the reader stops early. */
async function* inBatches(rows: IterableIterator<unknown[]>): AsyncGenerator<unknown[][]> {
  try {
    let batch: unknown[][] = [];
    for (const row of rows) {
      batch.push(row);
      if (batch.length === rowsPerReadBatch) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    rows.return?.();
  }
}

const isBusy = (error: unknown) => (error as { code?: string } | null)?.code === "SQLITE_BUSY";

/** Runs a synchronous write transaction, retrying with async back-off while the database is locked. */
async function whileBusy(write: () => void): Promise<void> {
  const deadline = Date.now() + busyWaitMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    try {
      return write();
    } catch (error) {
      if (!isBusy(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Snapshot driver on better-sqlite3. Each operation opens its own connection: a read snapshot
 * keeps a statement open across awaits, which would block any other use of a shared connection.
 * A replacement stages outside any long transaction (SQLite has one writer for the whole
 * database) and swaps in one short transaction of `client`, the Prisma client of the same file,
 * whose outcome commits with it.
 */
export class SqliteSnapshotDriver implements SnapshotDriver {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly client: PrismaClient,
  ) {
    // No synchronous busy wait: a Prisma transaction of this same process may hold the write lock
    // across an await, and would never get to commit while this connection blocked the event loop.
    this.db = new Database(file, { timeout: 0 });
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
        count: async (table, instanceId) =>
          (
            db
              .prepare(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(table)} WHERE "instanceId" = ?`)
              .get(instanceId) as {
              n: number;
            }
          ).n,
        lines: (spec, instanceId) =>
          encodeRowLines(
            inBatches(
              db
                .prepare(
                  `SELECT ${quoteColumnList(spec.columns)} FROM ${quoteIdentifier(spec.table)} WHERE "instanceId" = ? ORDER BY "id"`,
                )
                .raw(true)
                .iterate(instanceId) as IterableIterator<unknown[]>,
            ),
          ),
      };
      return await read(tx);
    } finally {
      db.exec("COMMIT");
    }
  }

  async stage(options: {
    stagingId: string;
    tables: readonly TableSpec[];
    sections: AsyncIterable<RestoreSection>;
    checkpoint: (rowsStaged: number) => Promise<void>;
  }): Promise<Record<string, number>> {
    const { db } = this;
    const { stagingId, tables } = options;
    await this.discardStaged(stagingId, tables);
    const createTables = db.transaction(() => {
      for (const { table, columns } of tables) {
        // Same columns and affinities as the real table, no constraints: rows are checked on the swap.
        db.exec(
          `CREATE TABLE ${quoteIdentifier(stagingTable(stagingId, table))} AS SELECT ${quoteColumnList(columns)} FROM ${quoteIdentifier(table)} WHERE 0`,
        );
      }
    });
    await whileBusy(() => createTables.immediate());
    const counts: Record<string, number> = {};
    let staged = 0;
    for await (const section of options.sections) {
      const { table, columns } = section.spec;
      const insert = db.prepare(
        `INSERT INTO ${quoteIdentifier(stagingTable(stagingId, table))} (${quoteColumnList(columns)}) VALUES (?${", ?".repeat(columns.length - 1)})`,
      );
      const writeBatch = db.transaction((rows: unknown[][]) => {
        for (const row of rows) insert.run(...row);
      });
      let pending: unknown[][] = [];
      let count = 0;
      const flush = async () => {
        if (pending.length === 0) return;
        const rows = pending;
        await whileBusy(() => writeBatch.immediate(rows));
        count += pending.length;
        staged += pending.length;
        pending = [];
        await options.checkpoint(staged);
      };
      for await (const batch of section.lines) {
        for (const row of batch.rows()) pending.push(row);
        if (pending.length >= rowsPerStagingTransaction) await flush();
      }
      await flush();
      counts[table] = count;
    }
    return counts;
  }

  async replaceRows(options: Parameters<SnapshotDriver["replaceRows"]>[0]): Promise<Record<string, number>> {
    const { stagingId, tables } = options;
    const counts = await this.stage({ stagingId, tables, sections: options.sections, checkpoint: options.checkpoint });
    await this.client.$transaction(
      async (tx) => {
        await swapInStaged(tx, { stagingId, instanceId: options.instanceId, tables });
        await options.commit(tx);
      },
      { timeout: swapTimeoutMs },
    );
    return counts;
  }

  async discardStaged(stagingId: string, tables: readonly TableSpec[]): Promise<void> {
    const drop = this.db.transaction(() => {
      for (const { table } of tables)
        this.db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(stagingTable(stagingId, table))}`);
    });
    await whileBusy(() => drop.immediate());
  }

  stagedRows(stagingId: string, spec: TableSpec): AsyncIterable<unknown[][]> {
    return inBatches(
      this.db
        .prepare(
          `SELECT ${quoteColumnList(spec.columns)} FROM ${quoteIdentifier(stagingTable(stagingId, spec.table))} ORDER BY "id"`,
        )
        .raw(true)
        .iterate() as IterableIterator<unknown[]>,
    );
  }

  async stagingIds(): Promise<string[]> {
    const rows = this.db.prepare(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'table'`).all() as {
      name: string;
    }[];
    return stagingIdsAmong(rows.map(({ name }) => name));
  }

  /** Returns the WAL's pages to the database file, so a large restore does not leave it bloated. */
  async reclaimSpace(): Promise<void> {
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Inside `tx`: replaces every row of `instanceId` with the rows staged under `stagingId` and drops the staging tables. */
async function swapInStaged(
  tx: Prisma.TransactionClient,
  { stagingId, instanceId, tables }: { stagingId: string; instanceId: string; tables: readonly TableSpec[] },
): Promise<void> {
  // Children first, so foreign keys hold at every step.
  for (const { table } of [...tables].reverse()) {
    await tx.$executeRawUnsafe(`DELETE FROM ${quoteIdentifier(table)} WHERE "instanceId" = ?`, instanceId);
  }
  for (const { table, columns } of tables) {
    await tx.$executeRawUnsafe(
      `INSERT INTO ${quoteIdentifier(table)} ("instanceId", ${quoteColumnList(columns)}) SELECT ?, ${quoteColumnList(columns)} FROM ${quoteIdentifier(stagingTable(stagingId, table))}`,
      instanceId,
    );
  }
  for (const { table } of tables) {
    await tx.$executeRawUnsafe(`DROP TABLE ${quoteIdentifier(stagingTable(stagingId, table))}`);
  }
}
