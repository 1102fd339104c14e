// The bench database on PostgreSQL: a database on a throwaway cluster
// (tests/support/postgresql-cluster.ts), reached through node-postgres; rows are written with COPY.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { quoteIdentifier } from "../lib/sql/quote-identifier";
import { quoteColumnList } from "../lib/sql/quote-column-list";
import { startPostgresqlCluster, type PostgresqlCluster } from "../tests/support/postgresql-cluster";
import type { BenchDatabase, Row } from "./bench-database";

export const benchDatabaseName = "bench";

export type PostgresqlBenchDatabase = BenchDatabase & { cluster: PostgresqlCluster };

/**
 * Prisma keeps DateTime as UTC `timestamp(3)`; a `timestamp` column ignores the zone in its input,
 * so a Date goes in as its UTC ISO text (node-postgres would send it in local time).
 */
const toPostgresqlValue = (value: unknown) => (value instanceof Date ? value.toISOString() : (value ?? null));

/** One value in COPY's text format: \N for NULL, backslash escapes for the characters it reserves. */
function copyText(value: unknown): string {
  const plain = toPostgresqlValue(value);
  if (plain === null) return "\\N";
  return String(plain).replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!);
}

/** Rows as COPY text, about 64 KB a write. */
function* copyLines(rows: Iterable<Row>): Generator<string> {
  let text = "";
  for (const row of rows) {
    text += `${row.map(copyText).join("\t")}\n`;
    if (text.length >= 64 * 1024) {
      yield text;
      text = "";
    }
  }
  if (text) yield text;
}

/** The bench SQL has no `?` inside a literal, so each one is a placeholder. */
const numberedPlaceholders = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** Starts the cluster and creates the bench database; connects on first use, after the migrations. */
export async function startPostgresqlBenchDatabase(): Promise<PostgresqlBenchDatabase> {
  const cluster = await startPostgresqlCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${quoteIdentifier(benchDatabaseName)}`);
    await admin.end();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  const url = cluster.url(benchDatabaseName);
  let client: Promise<pg.Client> | undefined;
  // Not connected before it is needed: the peer's database is copied from this one, which needs it
  // without connections (bench/postgresql-peer.ts).
  const connection = () =>
    (client ??= (async () => {
      const connected = new pg.Client({ connectionString: url });
      await connected.connect();
      return connected;
    })());
  const query = async <T>(sql: string, params: readonly unknown[] = []) =>
    (await (await connection()).query(numberedPlaceholders(sql), params.map(toPostgresqlValue))).rows as T[];
  return {
    engine: "postgresql",
    url,
    cluster,
    async insertRows(table: string, columns: readonly string[], rows: Iterable<Row>) {
      const client = await connection();
      await client.query("BEGIN");
      try {
        // Generated rows are consistent, so no foreign-key checks: they run after the COPY with one
        // plan for every row, made from whatever statistics the parent table had then; after the
        // 250k size was emptied, a 1M-record seed once spent >10 min in them (per-row index scans).
        await client.query("SET LOCAL session_replication_role = replica");
        const copy = client.query(copyFrom(`COPY ${quoteIdentifier(table)} (${quoteColumnList(columns)}) FROM STDIN`));
        await pipeline(Readable.from(copyLines(rows)), copy);
        await client.query("COMMIT");
        return copy.rowCount;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    },
    async run(sql: string, params?: readonly unknown[]) {
      await query(sql, params);
    },
    query,
    async settle() {
      await query("VACUUM ANALYZE");
    },
    async close() {
      try {
        if (client) await (await client).end();
      } finally {
        client = undefined;
        cluster.stop();
      }
    },
  };
}
