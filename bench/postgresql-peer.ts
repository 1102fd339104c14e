// The peer on PostgreSQL: pg_dump -Fc -Z 1 of the four record tables (which hold only the source's
// records while backups are measured), and pg_restore --data-only of that dump into a database of
// its own with the same empty schema (pg_restore restores whole tables, not one instance's rows).
import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { quoteIdentifier } from "../lib/sql/quote-identifier";
import type { PostgresqlCluster } from "../tests/support/postgresql-cluster";
import { benchTables } from "./shared";

const run = promisify(execFile);

/** Where the cluster's tools are, as tests/support/postgresql-cluster.ts finds them. */
const bin = process.env.POSTGRESQL_BIN ?? "/usr/lib/postgresql/15/bin";

const peerDatabaseName = "peer";

export type PeerResult = { records: number; seconds: number; bytes: number };

export type PostgresqlPeer = {
  /** pg_dump of the record tables into the dump file, replacing the previous dump. */
  dump(): Promise<Omit<PeerResult, "records">>;
  /** pg_restore of the latest dump into the emptied peer tables; returns the rows restored. */
  restore(): Promise<PeerResult>;
};

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
};

/**
 * Creates the peer's database as a copy of the migrated, still empty bench database: call it
 * after the migrations and before anything connects to the bench database.
 */
export async function createPostgresqlPeer(options: {
  cluster: PostgresqlCluster;
  benchDatabase: string;
  dir: string;
}): Promise<PostgresqlPeer> {
  const { cluster, benchDatabase, dir } = options;
  await withClient(cluster.url("postgres"), (admin) =>
    admin.query(`CREATE DATABASE ${quoteIdentifier(peerDatabaseName)} TEMPLATE ${quoteIdentifier(benchDatabase)}`),
  );
  const dumpFile = join(dir, "peer.pgc");
  const peerUrl = cluster.url(peerDatabaseName);
  return {
    async dump() {
      const tables = benchTables.flatMap(({ table }) => ["-t", quoteIdentifier(table)]);
      const seconds = await timed(() =>
        run(join(bin, "pg_dump"), ["-Fc", "-Z", "1", ...tables, "-f", dumpFile, cluster.url(benchDatabase)]),
      );
      return { seconds, bytes: statSync(dumpFile).size };
    },
    async restore() {
      const truncate = `TRUNCATE ${benchTables.map(({ table }) => quoteIdentifier(table)).join(", ")}`;
      await withClient(peerUrl, (peer) => peer.query(truncate));
      // --disable-triggers: the peer has no Instance rows for the records' foreign keys to find.
      const seconds = await timed(() =>
        run(join(bin, "pg_restore"), ["--data-only", "--disable-triggers", "-d", peerUrl, dumpFile]),
      );
      const records = await withClient(peerUrl, async (peer) => {
        let total = 0;
        for (const { table } of benchTables) {
          const counted = await peer.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(table)}`);
          total += Number(counted.rows[0]!.n);
        }
        return total;
      });
      return { records, seconds, bytes: statSync(dumpFile).size };
    },
  };
}
