// `npm run bench -- --db postgres`: the product's backup and restore on PostgreSQL against the raw
// COPY baseline and pg_dump, on a throwaway cluster, in one process (peak RSS is the process's).
// Baseline backup: COPY (SELECT …) TO STDOUT → gzip-1 → SHA-256 → file, in one REPEATABLE READ
// transaction. Baseline restore: that file → gunzip → COPY FROM STDIN into the target's tables,
// one transaction. The peer: pg_dump -Fc and pg_restore of the same four tables.
// Options: --records N (default 250,000), --runs N (default 2, best of). The last line is JSON.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { startPostgresqlCluster } from "../tests/support/postgresql-cluster";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const records = option("--records", 250_000);
const runs = option("--runs", 2);

const dir = mkdtempSync(join(tmpdir(), "backup-center-bench-pg-"));
const cluster = await startPostgresqlCluster();
const bin = process.env.POSTGRESQL_BIN ?? "/usr/lib/postgresql/15/bin";
const databaseUrl = cluster.url("bench");
const admin = new pg.Client({ connectionString: cluster.url("postgres") });
await admin.connect();
await admin.query("CREATE DATABASE bench");
await admin.end();
// Settings before the lib modules read them.
process.env.DATABASE_URL = databaseUrl;
process.env.DATA_DIR = dir;
process.env.BACKUP_STORAGE_DIR = join(dir, "backups");
process.env.DEMO_DATA = "off";

const ids = { tenant: "bench-tenant", source: "bench-source", target: "bench-target" };

async function main() {
  const { prepareDatabase } = await import("../lib/setup/prepare-database");
  const { generateRecords, recordsPerAccount } = await import("../lib/demo/generate-records");
  const { entities } = await import("../lib/records/entities");
  const { prisma } = await import("../lib/db");
  const { PostgresqlSnapshotDriver } = await import("../lib/snapshot/postgresql-snapshot-driver");
  const { readSnapshotSections } = await import("../lib/snapshot/read-snapshot");
  const { snapshotTables, writeSnapshot } = await import("../lib/snapshot/write-snapshot");
  const { LocalDiskStorage } = await import("../lib/storage/local-disk-storage");

  prepareDatabase();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const quote = (name: string) => `"${name}"`;

  // Seed: tenant, two instances, the source's records through COPY.
  const seeded = performance.now();
  await db.query(`INSERT INTO "Tenant" ("id", "name") VALUES ($1, 'Bench tenant')`, [ids.tenant]);
  for (const [id, type] of [
    [ids.source, "Production"],
    [ids.target, "Sandbox"],
  ]) {
    await db.query(
      `INSERT INTO "Instance" ("id", "tenantId", "name", "domain", "type", "version", "region") VALUES ($1, $2, $1, $1, $3, '9.2.24', 'Europe')`,
      [id, ids.tenant, type],
    );
  }
  const byTable = new Map<string, string[]>(entities.map((e) => [e.table, []]));
  const text = (value: unknown) =>
    value === null || value === undefined
      ? "\\N"
      : value instanceof Date
        ? value.toISOString()
        : String(value).replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!);
  for (const { table, row } of generateRecords({ seed: 42, accounts: Math.ceil(records / recordsPerAccount) })) {
    const entity = entities.find((e) => e.table === table)!;
    const values = row as Record<string, unknown>;
    byTable.get(table)!.push([ids.source, ...entity.columns.map((c) => text(values[c.name]))].join("\t"));
  }
  let total = 0;
  for (const entity of entities) {
    const lines = byTable.get(entity.table)!;
    total += lines.length;
    const stream = db.query(
      copyFrom(
        `COPY ${quote(entity.table)} ("instanceId", ${entity.columns.map((c) => quote(c.name)).join(", ")}) FROM STDIN`,
      ),
    );
    await pipeline(
      (async function* () {
        for (let i = 0; i < lines.length; i += 5000) yield `${lines.slice(i, i + 5000).join("\n")}\n`;
      })(),
      stream,
    );
  }
  byTable.clear();
  await db.query("VACUUM ANALYZE");
  console.log(`Setup: ${total} records in ${((performance.now() - seeded) / 1000).toFixed(1)} s; dir ${dir}`);

  const storage = new LocalDiskStorage(join(dir, "backups"));
  const columnsOf = (table: string) => entities.find((e) => e.table === table)!.columns.map((c) => quote(c.name));
  const time = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return (performance.now() - started) / 1000;
  };
  const clearTarget = async () => {
    for (const entity of [...entities].reverse()) {
      await db.query(`DELETE FROM ${quote(entity.table)} WHERE "instanceId" = $1`, [ids.target]);
    }
    await db.query("VACUUM ANALYZE");
  };

  async function baselineBackup(file: string) {
    await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const hash = createHash("sha256");
    const out = createWriteStream(file);
    const gzip = createGzip({ level: 1, chunkSize: 64 * 1024 });
    const done = pipeline(
      gzip,
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          callback(null, chunk);
        },
      }),
      out,
    );
    for (const entity of entities) {
      gzip.write(`\\table ${entity.table}\n`);
      const copy = db.query(
        copyTo(
          `COPY (SELECT ${columnsOf(entity.table).join(", ")} FROM ${quote(entity.table)} WHERE "instanceId" = '${ids.source}' ORDER BY "id") TO STDOUT`,
        ),
      );
      for await (const chunk of copy) if (!gzip.write(chunk)) await new Promise((r) => gzip.once("drain", r));
    }
    gzip.end();
    await done;
    await db.query("COMMIT");
    return hash.digest("hex");
  }

  async function baselineRestore(file: string) {
    await db.query("BEGIN");
    let current: ReturnType<typeof copyFrom> | undefined;
    let finished: Promise<void> | undefined;
    const switchTo = async (table: string | undefined) => {
      if (current) {
        current.end();
        await finished;
      }
      current = undefined;
      if (!table) return;
      current = db.query(copyFrom(`COPY ${quote(table)} ("instanceId", ${columnsOf(table).join(", ")}) FROM STDIN`));
      finished = new Promise((resolve, reject) => current!.on("finish", resolve).on("error", reject));
    };
    let rest = "";
    const prefix = `${ids.target}\t`;
    for await (const chunk of createReadStream(file).pipe(createGunzip())) {
      const lines = (rest + (chunk as Buffer).toString("utf8")).split("\n");
      rest = lines.pop()!;
      let batch = "";
      for (const line of lines) {
        if (line.startsWith("\\table ")) {
          if (batch) current!.write(batch);
          batch = "";
          await switchTo(line.slice(7));
        } else batch += `${prefix}${line}\n`;
      }
      if (batch && !current!.write(batch)) await new Promise((r) => current!.once("drain", r));
    }
    await switchTo(undefined);
    await db.query("COMMIT");
  }

  async function productBackup(key: string) {
    const driver = new PostgresqlSnapshotDriver(databaseUrl);
    try {
      return await writeSnapshot({ driver, storage, key, instance: { id: ids.source, version: "9.2.24" } });
    } finally {
      await driver.close();
    }
  }

  async function productRestore(manifest: Awaited<ReturnType<typeof productBackup>>, key: string) {
    const driver = new PostgresqlSnapshotDriver(databaseUrl);
    try {
      const reader = readSnapshotSections({
        storage,
        key,
        tables: snapshotTables,
        expectedCounts: manifest.counts,
        rawBytes: manifest.rawBytes ?? null,
        bytes: manifest.bytes,
      });
      await driver.stage({
        stagingId: "bench",
        tables: snapshotTables,
        sections: reader.sections,
        checkpoint: async () => {},
      });
      reader.checkFinal(manifest.sha256);
      await prisma.$transaction(
        (tx) => driver.swapIn(tx, { stagingId: "bench", instanceId: ids.target, tables: snapshotTables }),
        {
          timeout: 10 * 60_000,
        },
      );
    } finally {
      await driver.close();
    }
  }

  const tables = entities.flatMap((e) => ["-t", quote(e.table)]);
  const best = {
    baselineBackup: Infinity,
    productBackup: Infinity,
    pgDump: Infinity,
    baselineRestore: Infinity,
    productRestore: Infinity,
    pgRestore: Infinity,
  };
  let manifest: Awaited<ReturnType<typeof productBackup>> | undefined;
  for (let run = 0; run < runs; run++) {
    best.baselineBackup = Math.min(best.baselineBackup, await time(() => baselineBackup(join(dir, "baseline.gz"))));
    best.productBackup = Math.min(
      best.productBackup,
      await time(async () => (manifest = await productBackup(`run-${run}.ndjson.gz`))),
    );
    best.pgDump = Math.min(
      best.pgDump,
      await time(async () =>
        execFileSync(join(bin, "pg_dump"), ["-Fc", "-Z", "1", ...tables, "-f", join(dir, "dump.pgc"), databaseUrl]),
      ),
    );
  }
  for (let run = 0; run < runs; run++) {
    await clearTarget();
    best.baselineRestore = Math.min(best.baselineRestore, await time(() => baselineRestore(join(dir, "baseline.gz"))));
    await clearTarget();
    best.productRestore = Math.min(
      best.productRestore,
      await time(() => productRestore(manifest!, `run-${runs - 1}.ndjson.gz`)),
    );
  }
  const restored = await db.query(`SELECT COUNT(*)::int AS n FROM "Account" WHERE "instanceId" = $1`, [ids.target]);
  // The peer database is copied from this one, which needs it without connections.
  await db.end();
  await prisma.$disconnect();
  // pg_restore of the same tables into a database of their own (it restores whole tables).
  const peer = new pg.Client({ connectionString: cluster.url("postgres") });
  await peer.connect();
  for (let run = 0; run < runs; run++) {
    await peer.query(`DROP DATABASE IF EXISTS peer`);
    await peer.query(`CREATE DATABASE peer TEMPLATE bench`);
    const target = new pg.Client({ connectionString: cluster.url("peer") });
    await target.connect();
    for (const entity of [...entities].reverse()) await target.query(`TRUNCATE ${quote(entity.table)} CASCADE`);
    await target.end();
    best.pgRestore = Math.min(
      best.pgRestore,
      await time(async () =>
        execFileSync(join(bin, "pg_restore"), [
          "--data-only",
          "--disable-triggers",
          "-d",
          cluster.url("peer"),
          join(dir, "dump.pgc"),
        ]),
      ),
    );
  }
  await peer.end();

  const rate = (seconds: number) => Math.round(total / seconds);
  const result = {
    db: "postgresql",
    records: total,
    backup: {
      productRecPerS: rate(best.productBackup),
      baselineRecPerS: rate(best.baselineBackup),
      pgDumpRecPerS: rate(best.pgDump),
    },
    restore: {
      productRecPerS: rate(best.productRestore),
      baselineRecPerS: rate(best.baselineRestore),
      pgRestoreRecPerS: rate(best.pgRestore),
    },
    backupRatio: Number((best.baselineBackup / best.productBackup).toFixed(2)),
    restoreRatio: Number((best.baselineRestore / best.productRestore).toFixed(2)),
    backupVsPgDump: Number((best.pgDump / best.productBackup).toFixed(2)),
    productFileBytes: manifest!.bytes,
    baselineFileBytes: statSync(join(dir, "baseline.gz")).size,
    pgDumpBytes: statSync(join(dir, "dump.pgc")).size,
    restoredAccounts: restored.rows[0].n as number,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(result));
}

try {
  await main();
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
