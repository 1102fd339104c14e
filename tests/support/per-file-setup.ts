// Runs before each test file's imports: point the app at a fresh copy of the migrated template,
// with its own data directory and backup storage (a directory, or a bucket on the S3 project).
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, expect, inject } from "vitest";
import { templateDatabaseName } from "./global-setup";
import { createBucket } from "./s3-buckets";

const dir = mkdtempSync(join(tmpdir(), "backup-center-test-"));

if (inject("databaseProvider") === "postgresql") {
  const cluster = inject("templateDatabase");
  const database = `test_${basename(dir).replace(/\W/g, "_").toLowerCase()}`;
  const admin = new pg.Client({ connectionString: `${cluster}postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${templateDatabaseName}`);
  } finally {
    await admin.end();
  }
  process.env.DATABASE_URL = `${cluster}${database}`;
} else {
  const file = join(dir, "test.db");
  copyFileSync(inject("templateDatabase"), file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.close();
  process.env.DATABASE_URL = `file:${file}`;
}
process.env.DATA_DIR = dir;
const s3Env = inject("s3Env");
if (s3Env) {
  Object.assign(process.env, s3Env);
  const bucket = `test-${basename(dir)
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase()}`;
  await createBucket(bucket);
  process.env.BACKUP_STORAGE_URL = `s3://${bucket}/backups`;
} else {
  process.env.BACKUP_STORAGE_DIR = join(dir, "backups");
}
process.env.DEMO_DATA = "off";

// node-postgres only warns (pg@9 will throw) when a query is sent on a connection still busy with
// another; inside a transaction that means two of the domain's queries raced on its one connection.
const busyConnectionQueries: string[] = [];
process.on("warning", (warning) => {
  if (warning.message.includes("already executing a query"))
    busyConnectionQueries.push(warning.stack ?? warning.message);
});
afterAll(() => expect(busyConnectionQueries).toEqual([]));

// The file's database copy, data and backups go when its tests are done (registered first, so it
// runs after the file's own afterAll hooks); a PostgreSQL database goes with the run's cluster.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
