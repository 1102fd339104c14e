// A "world" is everything a Backup Center process works on: a database (an SQLite file or a
// PostgreSQL database, as DATABASE_URL names it), a data directory and a backup storage directory.
// Each fault test file starts in its own (tests/support/per-file-setup.ts); tests that need several
// independent copies of a large one clone it.
import { cpSync, copyFileSync, existsSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import pg from "pg";
import { databaseProvider } from "@/lib/env";
import { PostgresqlWorldDatabase } from "./postgresql-world-database";
import { SqliteWorldDatabase } from "./sqlite-world-database";
import { quoteIdentifier } from "@/lib/sql/quote-identifier";
import type { WorldDatabase } from "./world-database";

export type World = { dir: string; databaseUrl: string; dataDir: string; storageDir: string };

/** This test file's world, as per-file-setup.ts configured it. */
export function fileWorld(): World {
  const databaseUrl = process.env.DATABASE_URL ?? "";
  const dataDir = process.env.DATA_DIR ?? "";
  const storageDir = process.env.BACKUP_STORAGE_DIR ?? "";
  if (!databaseUrl || !dataDir || !storageDir) throw new Error("per-file-setup.ts has not configured this file.");
  return { dir: dataDir, databaseUrl, dataDir, storageDir };
}

export const isPostgresql = (world: World) => databaseProvider(world.databaseUrl) === "postgresql";

/** The SQLite file of a `file:` URL. */
export const sqliteFile = (databaseUrl: string) => databaseUrl.replace(/^file:/, "");

/** A connection of the test's own to `world`'s database. */
export async function openWorldDatabase(world: World): Promise<WorldDatabase> {
  return isPostgresql(world)
    ? PostgresqlWorldDatabase.open(world.databaseUrl)
    : new SqliteWorldDatabase(sqliteFile(world.databaseUrl));
}

/**
 * Copies `from` (database and stored backups) into `dir`. The source must be quiet: every
 * connection to it closed (PostgreSQL copies only a database nobody is connected to) or, on
 * SQLite, checkpointed, so the database file alone holds all of it.
 */
export async function cloneWorld(from: World, dir: string): Promise<World> {
  const dataDir = join(dir, "data");
  mkdirSync(dataDir, { recursive: true });
  const world: World = {
    dir,
    databaseUrl: isPostgresql(from)
      ? await copyPostgresqlDatabase(from.databaseUrl, basename(dir))
      : copySqliteDatabase(from.databaseUrl, join(dir, "world.db")),
    dataDir,
    storageDir: join(dir, "backups"),
  };
  if (existsSync(from.storageDir)) cpSync(from.storageDir, world.storageDir, { recursive: true });
  return world;
}

function copySqliteDatabase(fromUrl: string, file: string): string {
  copyFileSync(sqliteFile(fromUrl), file);
  return `file:${file}`;
}

/** CREATE DATABASE … TEMPLATE: a copy named for the source and `suffix`, on the same cluster. */
async function copyPostgresqlDatabase(fromUrl: string, suffix: string): Promise<string> {
  const urlOf = (database: string) => {
    const url = new URL(fromUrl);
    url.pathname = `/${database}`;
    return url.href;
  };
  const sourceName = new URL(fromUrl).pathname.slice(1);
  const name = `${sourceName}_${suffix}`.replace(/\W/g, "_").toLowerCase();
  if (name.length > 63) throw new Error(`Database name ${name} is longer than PostgreSQL's 63 characters.`);
  const admin = new pg.Client({ connectionString: urlOf("postgres") });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(sourceName)}`);
  } finally {
    await admin.end();
  }
  return urlOf(name);
}

/** The environment a worker or service process of `world` runs with (see lib/env.ts). */
export function worldEnv(world: World, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: world.databaseUrl,
    DATA_DIR: world.dataDir,
    BACKUP_STORAGE_DIR: world.storageDir,
    DEMO_DATA: "off",
    CHECKPOINT_DISABLE: "1",
    ...extra,
  };
}
