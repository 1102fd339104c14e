import "server-only";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
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
import type { RowLines } from "./row-lines";
import { stagingIdsAmong, stagingTable } from "./staging-table";
import { postgresqlPrismaClient } from "../postgresql/postgresql-prisma-client";
import { quoteIdentifier } from "../sql/quote-identifier";
import { quoteColumnList } from "../sql/quote-column-list";

/** Rows handed on per batch when reading, as on SQLite. */
const rowsPerReadBatch = 500;

/** Rows written between checkpoints (each a query of its own: the lease). */
const rowsPerCheckpoint = 2000;

/** How long a replacement's transaction may take: it writes every row of the instance (about 20 s per million here). */
const replaceTimeoutMs = 4 * 60 * 60_000;

/** The first key of the advisory lock a replacement holds on its instance (the second is the instance id's hash). */
const replacementLockSpace = 0x42436572;

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
 * Streams each section with COPY FROM into the table `statement` names, `copyText` giving each
 * batch's rows; `checkpoint` runs every so many rows and after each table. Returns the rows per table.
 */
async function copySections(
  db: pg.ClientBase,
  options: {
    sections: AsyncIterable<RestoreSection>;
    statement: (spec: TableSpec) => string;
    copyText: (batch: RowLines) => Buffer;
    checkpoint: (rowsDone: number) => Promise<void>;
  },
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let done = 0;
  for await (const section of options.sections) {
    const stream = db.query(copyFrom(options.statement(section.spec)));
    // A failed COPY (a bad value, a terminated connection) reports through "error", which
    // `finished` turns into a rejection; destroying the stream after that emits it once more.
    stream.on("error", () => undefined);
    const finished = once(stream, "finish");
    finished.catch(() => undefined);
    let count = 0;
    try {
      let sinceCheckpoint = 0;
      for await (const batch of section.lines) {
        await write(stream, options.copyText(batch));
        count += batch.count;
        done += batch.count;
        sinceCheckpoint += batch.count;
        if (sinceCheckpoint >= rowsPerCheckpoint) {
          sinceCheckpoint = 0;
          await options.checkpoint(done);
        }
      }
      stream.end();
      await finished;
    } catch (error) {
      stream.destroy(error as Error);
      await finished.catch(() => undefined);
      throw error;
    }
    await options.checkpoint(done);
    counts[section.spec.table] = count;
  }
  return counts;
}

/**
 * Ends an earlier attempt at replacing the instance's rows that still holds them in an open
 * transaction: its worker lost the lease (paused, or cut off) and this one took the operation
 * over. Waiting for it could take forever; ended, it rolls back and leaves the instance as it was.
 * Advisory locks are per database but pg_locks lists the whole cluster's: only this database's count.
 */
async function endEarlierReplacement(db: pg.Client, instanceId: string): Promise<void> {
  await db.query(
    `SELECT pg_terminate_backend("pid") FROM pg_locks
     WHERE "locktype" = 'advisory' AND "classid" = $1::oid AND "objid" = hashtext($2)::oid AND "objsubid" = 2
       AND "database" = (SELECT "oid" FROM pg_database WHERE "datname" = current_database())
       AND "pid" <> pg_backend_pid()`,
    [replacementLockSpace, instanceId],
  );
}

/**
 * Deleting an instance's rows runs a foreign-key check per row, planned from the tables'
 * statistics. Had those been gathered while the instance was empty (a second restore within
 * autovacuum's interval), a check would pick any index leading with "instanceId" and scan all the
 * instance's rows for each one: hours instead of seconds. Fresh statistics first, outside the
 * replacement's transaction so its locks stay short; an instance with nothing to delete needs none.
 */
async function analyzeBeforeDelete(db: pg.Client, instanceId: string, tables: readonly TableSpec[]): Promise<void> {
  const holdsRows = tables
    .map(({ table }) => `EXISTS (SELECT 1 FROM ${quoteIdentifier(table)} WHERE "instanceId" = $1)`)
    .join(" OR ");
  const result = await db.query<{ holds: boolean }>(`SELECT ${holdsRows} AS "holds"`, [instanceId]);
  if (result.rows[0]!.holds) await db.query(`ANALYZE ${tables.map(({ table }) => quoteIdentifier(table)).join(", ")}`);
}

/**
 * Snapshot driver on node-postgres. Reads with COPY TO inside a read-only REPEATABLE READ
 * transaction (one snapshot for every table). Replaces an instance's rows with COPY FROM straight
 * into its tables, inside one transaction that the caller's outcome commits with: row locks are
 * the instance's own, so other instances' work goes on. Stages (a test restore) into unlogged
 * tables. Each operation opens its own connection, since the read transaction stays open across awaits.
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
      // Same columns as the real table but no constraints (a test restore only compares the rows),
      // dates with a time zone, and unlogged: staging is rebuilt from the file after a crash anyway.
      const definitions = columns.map((column, i) =>
        valueTypes[i]!.type === "datetime"
          ? `${quoteIdentifier(column)} timestamptz`
          : `${quoteIdentifier(column)} ${pgType(valueTypes[i]!)}`,
      );
      await db.query(
        `CREATE UNLOGGED TABLE ${quoteIdentifier(stagingTable(stagingId, table))} (${definitions.join(", ")})`,
      );
    }
    return copySections(db, {
      sections: options.sections,
      statement: ({ table, columns }) =>
        `COPY ${quoteIdentifier(stagingTable(stagingId, table))} (${quoteColumnList(columns)}) FROM STDIN`,
      copyText: (batch) => batch.copyText(null),
      checkpoint: options.checkpoint,
    });
  }

  async replaceRows(options: Parameters<SnapshotDriver["replaceRows"]>[0]): Promise<Record<string, number>> {
    const { instanceId, tables } = options;
    const db = await this.db();
    await endEarlierReplacement(db, instanceId);
    await analyzeBeforeDelete(db, instanceId, tables);
    // The transaction's one connection: Prisma begins and ends the transaction on it and records
    // the caller's outcome through it, and the rows go through it with COPY, which Prisma cannot stream.
    const pool = new pg.Pool({ connectionString: this.url, max: 1 });
    pool.on("error", () => undefined);
    let connection: pg.PoolClient | undefined;
    pool.on("acquire", (client) => {
      connection = client;
    });
    const client = postgresqlPrismaClient(pool, { maxWait: 10_000, timeout: replaceTimeoutMs });
    try {
      return await client.$transaction(async (tx) => {
        const db = connection!;
        // Held until the transaction ends, so a later attempt can find this one (endEarlierReplacement).
        await db.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [replacementLockSpace, instanceId]);
        // Children first, so foreign keys hold at every step.
        for (const { table } of [...tables].reverse()) {
          await db.query(`DELETE FROM ${quoteIdentifier(table)} WHERE "instanceId" = $1`, [instanceId]);
        }
        const counts = await copySections(db, {
          sections: options.sections,
          statement: ({ table, columns }) =>
            `COPY ${quoteIdentifier(table)} ("instanceId", ${quoteColumnList(columns)}) FROM STDIN`,
          copyText: (batch) => batch.copyText(instanceId),
          checkpoint: options.checkpoint,
        });
        await options.commit(tx);
        return counts;
      });
    } finally {
      await client.$disconnect();
      await pool.end();
    }
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
