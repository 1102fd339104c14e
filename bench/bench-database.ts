// The orchestrator's own connection to the bench database: seeding, emptying the restore target
// and checking results between phases. One interface over SQLite and PostgreSQL, so seed.ts and
// run.ts are the same code on both; the phases reach the database as the product does.
import type { DatabaseProvider } from "../lib/env";

/** One row's values in column order; Dates are written the way Prisma stores DateTime. */
export type Row = readonly unknown[];

export interface BenchDatabase {
  readonly engine: DatabaseProvider;
  /** The DATABASE_URL the product's code (and so every phase process) uses. */
  readonly url: string;
  /** Writes `rows` into `table` in one transaction (one COPY on PostgreSQL); returns how many. */
  insertRows(table: string, columns: readonly string[], rows: Iterable<Row>): Promise<number>;
  /** One statement, with `?` placeholders. */
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  /** One query's rows, with `?` placeholders. */
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Brings the database to the same state before each measured phase: SQLite's WAL moved back
   * into the file, PostgreSQL's dead rows vacuumed and statistics fresh.
   */
  settle(): Promise<void>;
  /** Closes the connection (and stops a throwaway server). */
  close(): Promise<void>;
}
