// The per-database part of the snapshot engine. Prisma has no streaming cursor, so snapshots use
// the database driver directly (better-sqlite3 or node-postgres) behind this interface. A driver
// reads one instance's rows and replaces them (or stages them, for a test restore); recording
// outcomes is the domain's job, done through Prisma in the same transaction as the replacement.
// Everything is asynchronous and rows come in batches, the shape a network database's stream
// (PostgreSQL's COPY) has too.
import type { Prisma } from "@prisma/client";
import type { ColumnType } from "../records/entities";
import type { RowLines } from "./row-lines";

/** A column's kind of value, as a restore checks it before anything reaches a table. */
export type ColumnValueType = { type: ColumnType; nullable: boolean };

export type TableSpec = {
  table: string;
  columns: readonly string[];
  /** Per column, in `columns` order. */
  valueTypes: readonly ColumnValueType[];
};

export interface SnapshotReadTransaction {
  count(table: string, instanceId: string): Promise<number>;
  /**
   * Rows of one instance in primary-key order as snapshot lines: each row's array of values in
   * `columns` order, exactly as `JSON.stringify` writes it, and a newline. In chunks of whole
   * lines (only a line longer than `maxLineBytes` may be cut), so the engine can count and
   * compress them without parsing a row.
   */
  lines(spec: TableSpec, instanceId: string): AsyncIterable<Buffer>;
}

/** One table's rows from a snapshot file, in batches of lines that are checked as they are decoded. */
export type RestoreSection = { spec: TableSpec; lines: AsyncIterable<RowLines> };

export interface SnapshotDriver {
  /** Runs `read` inside one read transaction: everything it reads is the data of one instant. */
  withReadTransaction<T>(read: (tx: SnapshotReadTransaction) => Promise<T>): Promise<T>;
  /**
   * Replaces every row of `instanceId` with the rows of `sections`, all or nothing. `commit` runs
   * after the last row inside the same transaction, so the caller's outcome (recorded through its
   * `tx`) commits with the rows, and anything it throws leaves the instance as it was. Other
   * instances' reads and writes go on meanwhile. `checkpoint` runs between batches and after each
   * table, and throws to stop (e.g. the lease was lost). `stagingId` names what a driver stages on
   * the way, if it stages. Returns the rows written per table.
   */
  replaceRows(options: {
    instanceId: string;
    stagingId: string;
    tables: readonly TableSpec[];
    sections: AsyncIterable<RestoreSection>;
    checkpoint: (rowsDone: number) => Promise<void>;
    commit: (tx: Prisma.TransactionClient) => Promise<void>;
  }): Promise<Record<string, number>>;
  /**
   * Writes `sections` into staging tables named for `stagingId`, in short transactions that leave
   * the instances' own tables (and other writers) alone; replaces anything staged under that id
   * before. `checkpoint` runs between batches and throws to stop. Returns the rows staged per table.
   */
  stage(options: {
    stagingId: string;
    tables: readonly TableSpec[];
    sections: AsyncIterable<RestoreSection>;
    checkpoint: (rowsStaged: number) => Promise<void>;
  }): Promise<Record<string, number>>;
  /** The rows staged under `stagingId` for one table, in primary-key order, in batches of arrays in `columns` order. */
  stagedRows(stagingId: string, spec: TableSpec): AsyncIterable<unknown[][]>;
  /** The ids that have something staged (a crashed restore may leave its staging tables behind). */
  stagingIds(): Promise<string[]>;
  /** Drops what was staged under `stagingId` (nothing when there is none). */
  discardStaged(stagingId: string, tables: readonly TableSpec[]): Promise<void>;
  /** Gives back space a large restore used (SQLite's WAL); nothing to do on some databases. */
  reclaimSpace(): Promise<void>;
  close(): Promise<void>;
}
