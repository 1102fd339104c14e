// A world's PostgreSQL database, read through node-postgres on one connection of its own.
import { createHash } from "node:crypto";
import { Mutex } from "async-mutex";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { entities } from "@/lib/records/entities";
import { quoteIdentifier } from "@/lib/sql/quote-identifier";
import { WorldDatabase } from "./world-database";

/** Prisma's `timestamp(3)` holds UTC: as the text SQLite stores (Prisma's ISO-8601 with "+00:00"). */
const isoUtc = (text: string) => new Date(`${text.replace(" ", "T")}Z`).toISOString().replace("Z", "+00:00");

/** The row shapes both databases share: dates as ISO text, BIGINT (sizes, counts) as numbers. */
const sharedRowShapes: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === pg.types.builtins.TIMESTAMP
      ? isoUtc
      : oid === pg.types.builtins.INT8
        ? Number
        : pg.types.getTypeParser(oid, format),
};

/** Every value as the server prints it: nothing converted (or rounded) on the way. */
const serverText: pg.CustomTypesConfig = { getTypeParser: () => (text: string) => text };

/** `?` placeholders (the ones filters are written with) as PostgreSQL's `$1`, `$2`, … */
const numberedPlaceholders = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

type ForeignKey = { name: string; child: string; parent: string; childColumns: string[]; parentColumns: string[] };

export class PostgresqlWorldDatabase extends WorldDatabase {
  private readonly client: pg.Client;
  /** One query (or one read transaction) at a time on the connection. */
  private readonly turn = new Mutex();

  private constructor(url: string) {
    super();
    this.client = new pg.Client({ connectionString: url, types: sharedRowShapes });
  }

  static async open(url: string): Promise<PostgresqlWorldDatabase> {
    const db = new PostgresqlWorldDatabase(url);
    await db.client.connect();
    return db;
  }

  protected rows<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.turn.runExclusive(async () => {
      const result = await this.client.query(numberedPlaceholders(sql), [...params]);
      return result.rows as T[];
    });
  }

  async execute(sql: string): Promise<void> {
    await this.turn.runExclusive(() => this.client.query(sql));
  }

  /**
   * PostgreSQL checks constraints as it writes (unless a writer turned the checks off), so what a
   * crash could leave is what is made in steps: constraints added NOT VALID and never validated,
   * indexes left invalid by a build that did not finish. And, as SQLite's foreign_key_check does,
   * rows whose parent does not exist.
   */
  async integrityProblems(): Promise<string[]> {
    const problems: string[] = [];
    const unvalidated = await this.rows<{ name: string; table: string }>(
      `SELECT conname AS name, conrelid::regclass::text AS "table" FROM pg_constraint
       WHERE NOT convalidated AND connamespace = 'public'::regnamespace ORDER BY conname`,
    );
    for (const { name, table } of unvalidated) problems.push(`constraint ${name} on ${table} is not validated`);
    const unusable = await this.rows<{ index: string }>(
      `SELECT i.indexrelid::regclass::text AS "index" FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       WHERE c.relnamespace = 'public'::regnamespace AND NOT (i.indisvalid AND i.indisready AND i.indislive)
       ORDER BY 1`,
    );
    for (const { index } of unusable) problems.push(`index ${index} is invalid`);
    for (const key of await this.foreignKeys()) {
      const [orphans] = await this.rows<{ n: number }>(orphansQuery(key));
      if (orphans!.n > 0) problems.push(`${orphans!.n} row(s) of ${key.child} break foreign key ${key.name}`);
    }
    return problems;
  }

  private foreignKeys(): Promise<ForeignKey[]> {
    const columnsOf = (table: string, numbers: string) =>
      `ARRAY(SELECT a.attname::text FROM unnest(${numbers}) WITH ORDINALITY k(attnum, at)
        JOIN pg_attribute a ON a.attrelid = ${table} AND a.attnum = k.attnum ORDER BY k.at)`;
    return this.rows<ForeignKey>(
      `SELECT conname AS name, conrelid::regclass::text AS child, confrelid::regclass::text AS parent,
        ${columnsOf("conrelid", "conkey")} AS "childColumns", ${columnsOf("confrelid", "confkey")} AS "parentColumns"
       FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY conname`,
    );
  }

  /** COPY's text output of each table, hashed as it streams, inside one REPEATABLE READ snapshot. */
  recordsHash(instanceId: string): Promise<string> {
    return this.turn.runExclusive(async () => {
      const hash = createHash("sha256");
      await this.client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      try {
        for (const { table, columns } of entities) {
          hash.update(`${table}\n`);
          const rows = this.client.query(
            copyTo(
              `COPY (SELECT ${columns.map((c) => quoteIdentifier(c.name)).join(", ")} FROM ${quoteIdentifier(table)}
                WHERE "instanceId" = ${this.client.escapeLiteral(instanceId)} ORDER BY "id") TO STDOUT`,
            ),
          );
          for await (const chunk of rows) hash.update(chunk as Buffer);
        }
      } finally {
        await this.client.query("COMMIT");
      }
      return hash.digest("hex");
    });
  }

  /** Each value as the server prints it, then its type (pg_typeof): columns are typed, but that is what holds them. */
  records(instanceId: string): Promise<Record<string, unknown[][]>> {
    return this.turn.runExclusive(async () => {
      const dump: Record<string, unknown[][]> = {};
      for (const { table, columns } of entities) {
        const list = columns.map((c) => `${quoteIdentifier(c.name)}, pg_typeof(${quoteIdentifier(c.name)})`).join(", ");
        const result = await this.client.query({
          text: `SELECT ${list} FROM ${quoteIdentifier(table)} WHERE "instanceId" = $1 ORDER BY "id"`,
          values: [instanceId],
          rowMode: "array",
          types: serverText,
        });
        dump[table] = result.rows as unknown[][];
      }
      return dump;
    });
  }

  async tableNames(): Promise<string[]> {
    const tables = await this.rows<{ name: string }>(
      `SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    return tables.map((t) => t.name);
  }

  /**
   * Whether another client of this database is inside a transaction that has written or locked
   * rows (it holds its transaction id): a worker claiming with SKIP LOCKED would pass those rows by.
   */
  async othersHoldWriteLocks(): Promise<boolean> {
    const [row] = await this.rows<{ held: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'transactionid' AND l.granted AND l.pid <> pg_backend_pid()
           AND a.datname = current_database() AND a.backend_type = 'client backend'
       ) AS held`,
    );
    return row!.held;
  }

  /** Every commit is already in the database: nothing to move. */
  async checkpoint(): Promise<void> {}

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** Rows of the child whose key (all of it set: MATCH SIMPLE) names no row of the parent. */
function orphansQuery({ child, parent, childColumns, parentColumns }: ForeignKey): string {
  const set = childColumns.map((c) => `c.${quoteIdentifier(c)} IS NOT NULL`).join(" AND ");
  const match = childColumns
    .map((c, i) => `p.${quoteIdentifier(parentColumns[i]!)} = c.${quoteIdentifier(c)}`)
    .join(" AND ");
  return `SELECT COUNT(*) AS n FROM ${child} c WHERE ${set} AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${match})`;
}
