import "server-only";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import type { Prisma } from "@prisma/client";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import type {
  ColumnValueType,
  RestoreSection,
  SnapshotDriver,
  SnapshotReadTransaction,
  TableSpec,
} from "./snapshot-driver";
import { copyTextToJsonLines } from "./copy-text-to-json-lines";
import { stagingIdsAmong, stagingTable } from "./staging-table";
import { swapInStaged } from "./swap-in-staged";
import { quoteIdentifier } from "../sql/quote-identifier";
import { quoteColumnList } from "../sql/quote-column-list";

/** Rows handed on per batch when reading, as on SQLite. */
const rowsPerReadBatch = 500;

/** Rows staged between checkpoints (each a query of its own: the lease). */
const rowsPerCheckpoint = 2000;

/**
 * Rows of `from` (a table, or a staging table when `staged`) in COPY's plain text format, turned
 * into snapshot lines by the app: the server does no more than for any COPY.
 */
function copyQuery(spec: TableSpec, from: string, where: string, staged: boolean): string {
  const values = spec.columns.map((column, i) =>
    staged ? stagedColumnValue(column, spec.valueTypes[i]!) : quoteIdentifier(column),
  );
  return `COPY (SELECT ${values.join(", ")} FROM ${quoteIdentifier(from)}${where} ORDER BY "id") TO STDOUT`;
}

/** A staged column as the tables hold it: staging keeps dates with their time zone, the tables in UTC. */
function stagedColumnValue(column: string, { type }: ColumnValueType): string {
  return type === "datetime" ? `${quoteIdentifier(column)} AT TIME ZONE 'UTC'` : quoteIdentifier(column);
}

/**
 * A COPY TO stream as snapshot lines. When the reader stops early, `onUnfinished` runs: the
 * COPY has rows left that nobody will read.
 */
async function* snapshotLines(stream: Readable, spec: TableSpec, onUnfinished: () => void): AsyncGenerator<Buffer> {
  try {
    yield* copyTextToJsonLines(stream as AsyncIterable<Buffer>, spec);
  } finally {
    if (!stream.readableEnded) onUnfinished();
    stream.destroy();
  }
}

/**
 * Whole snapshot lines as batches of row arrays: each chunk's lines are parsed as one JSON array
 * (a raw newline never occurs inside JSON text), one native parse per chunk instead of one per row.
 */
async function* rowBatches(lines: AsyncIterable<Buffer>): AsyncGenerator<unknown[][]> {
  for await (const chunk of lines) {
    const rows = JSON.parse(`[${chunk.toString("utf8").trimEnd().replaceAll("\n", ",")}]`) as unknown[][];
    for (let start = 0; start < rows.length; start += rowsPerReadBatch) {
      yield rows.slice(start, start + rowsPerReadBatch);
    }
  }
}

/** Waits for a COPY FROM stream to take more, or fails with the COPY's error. */
async function write(stream: Writable, bytes: Buffer): Promise<void> {
  if (!stream.write(bytes)) await once(stream, "drain");
}

/**
 * Snapshot driver on node-postgres. Reads with COPY TO inside a read-only REPEATABLE READ
 * transaction (one snapshot for every table), stages with COPY FROM into unlogged tables outside
 * any long transaction, and swaps inside the domain's Prisma transaction. Each operation opens its
 * own connection, since the read transaction stays open across awaits.
 */
export class PostgresqlSnapshotDriver implements SnapshotDriver {
  private readonly url: string;
  private connection: Promise<pg.Client> | null = null;

  constructor(url: string) {
    this.url = url;
  }

  /** The driver's connection, opened on first use and again after one was dropped. */
  private db(): Promise<pg.Client> {
    if (!this.connection) {
      const client = new pg.Client({ connectionString: this.url });
      // Without a listener, a dropped connection would crash the process instead of failing the operation.
      client.on("error", () => undefined);
      // COPY writes dates in the session's DateStyle; the line converter reads ISO.
      this.connection = client
        .connect()
        .then(() => client.query("SET DateStyle = ISO"))
        .then(() => client);
    }
    return this.connection;
  }

  /**
   * Drops `client` under a COPY TO its reader left unfinished (a failed write, a lost lease).
   * pg-copy-streams neither drains nor cancels such a COPY, so the connection would wait for its
   * rows forever and every later query on it (the ROLLBACK first) would hang. Closing it makes the
   * server end the statement and roll its transaction back; the next use opens a new connection.
   */
  private drop(client: pg.Client): () => void {
    return () => {
      this.connection = null;
      void client.end().catch(() => undefined);
    };
  }

  async withReadTransaction<T>(read: (tx: SnapshotReadTransaction) => Promise<T>): Promise<T> {
    const db = await this.db();
    await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      const tx: SnapshotReadTransaction = {
        count: async (table, instanceId) => {
          const result = await db.query<{ n: string }>(
            `SELECT COUNT(*) AS n FROM ${quoteIdentifier(table)} WHERE "instanceId" = $1`,
            [instanceId],
          );
          return Number(result.rows[0]!.n);
        },
        lines: (spec, instanceId) =>
          snapshotLines(
            db.query(
              copyTo(copyQuery(spec, spec.table, ` WHERE "instanceId" = ${db.escapeLiteral(instanceId)}`, false)),
            ),
            spec,
            this.drop(db),
          ),
      };
      const result = await read(tx);
      await db.query("COMMIT");
      return result;
    } catch (error) {
      await db.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  async stage(options: {
    stagingId: string;
    tables: readonly TableSpec[];
    sections: AsyncIterable<RestoreSection>;
    checkpoint: (rowsStaged: number) => Promise<void>;
  }): Promise<Record<string, number>> {
    const db = await this.db();
    const { stagingId, tables } = options;
    await this.discardStaged(stagingId, tables);
    for (const { table, columns, valueTypes } of tables) {
      // Same columns as the real table but no constraints (rows are checked on the swap), dates
      // with a time zone, and unlogged: staging is rebuilt from the file after a crash anyway.
      const definitions = columns.map((column, i) =>
        valueTypes[i]!.type === "datetime"
          ? `${quoteIdentifier(column)} timestamptz`
          : `${quoteIdentifier(column)} ${pgType(valueTypes[i]!)}`,
      );
      await db.query(
        `CREATE UNLOGGED TABLE ${quoteIdentifier(stagingTable(stagingId, table))} (${definitions.join(", ")})`,
      );
    }
    const counts: Record<string, number> = {};
    let staged = 0;
    for await (const section of options.sections) {
      const { table, columns } = section.spec;
      const stream = db.query(
        copyFrom(`COPY ${quoteIdentifier(stagingTable(stagingId, table))} (${quoteColumnList(columns)}) FROM STDIN`),
      );
      const finished = once(stream, "finish");
      // A failed COPY reports through "error"; keep it from being unhandled before we await it.
      finished.catch(() => undefined);
      let count = 0;
      try {
        let sinceCheckpoint = 0;
        for await (const batch of section.lines) {
          await write(stream, batch.copyText());
          count += batch.count;
          staged += batch.count;
          sinceCheckpoint += batch.count;
          if (sinceCheckpoint >= rowsPerCheckpoint) {
            sinceCheckpoint = 0;
            await options.checkpoint(staged);
          }
        }
        stream.end();
        await finished;
      } catch (error) {
        stream.destroy(error as Error);
        await finished.catch(() => undefined);
        throw error;
      }
      await options.checkpoint(staged);
      counts[table] = count;
    }
    return counts;
  }

  async swapIn(
    tx: Prisma.TransactionClient,
    options: { stagingId: string; instanceId: string; tables: readonly TableSpec[] },
  ): Promise<void> {
    // The swap's DELETEs run a foreign-key check per row, planned from the tables' statistics. Had
    // those been gathered while the target was empty (a second restore within autovacuum's
    // interval), a check would pick any index leading with "instanceId" and scan all the target's
    // rows for each one: hours instead of seconds. Fresh statistics first, outside the swap's
    // transaction so its locks stay short.
    const db = await this.db();
    await db.query(`ANALYZE ${options.tables.map(({ table }) => quoteIdentifier(table)).join(", ")}`);
    await swapInStaged(tx, { ...options, parameter: "$1", stagedValue: stagedColumnValue });
  }

  async discardStaged(stagingId: string, tables: readonly TableSpec[]): Promise<void> {
    const db = await this.db();
    const names = tables.map(({ table }) => quoteIdentifier(stagingTable(stagingId, table)));
    await db.query(`DROP TABLE IF EXISTS ${names.join(", ")}`);
  }

  async *stagedRows(stagingId: string, spec: TableSpec): AsyncIterable<unknown[][]> {
    const db = await this.db();
    const staged = stagingTable(stagingId, spec.table);
    yield* rowBatches(snapshotLines(db.query(copyTo(copyQuery(spec, staged, "", true))), spec, this.drop(db)));
  }

  async stagingIds(): Promise<string[]> {
    const db = await this.db();
    const result = await db.query<{ name: string }>(
      `SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE '\\_staging\\_%'`,
    );
    return stagingIdsAmong(result.rows.map(({ name }) => name));
  }

  /** Autovacuum gives back the space of the rows a restore replaced. */
  async reclaimSpace(): Promise<void> {}

  async close(): Promise<void> {
    const client = await this.connection?.catch(() => null);
    this.connection = null;
    await client?.end();
  }
}

function pgType({ type }: ColumnValueType): string {
  return type === "int" ? "integer" : "text";
}
