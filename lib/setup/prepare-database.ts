import "server-only";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { databaseFilePath, databaseProvider } from "../env";
import { restrictDataFileModes } from "./restrict-file-modes";

/**
 * Applies committed migrations (prisma migrate deploy; prisma.config.ts picks the folder for the
 * database), switches a SQLite database to WAL, and makes the data directory, the SQLite database
 * and the backup directory private to this user.
 */
export function prepareDatabase(): void {
  const sqlite = databaseProvider() === "sqlite";
  if (sqlite) mkdirSync(dirname(databaseFilePath()), { recursive: true, mode: 0o700 });
  const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    stdio: ["ignore", "pipe", "pipe"],
    // The CLI inherits this process's environment (DATABASE_URL included); prisma.config.ts reads it via lib/env.
    env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" }, // eslint-disable-line no-restricted-properties
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`Database migration failed:\n${result.stdout}\n${result.stderr}`);
  }
  if (sqlite) {
    // WAL lets backups read a consistent snapshot while the app keeps writing; the mode persists in the file.
    const db = new Database(databaseFilePath());
    try {
      db.pragma("journal_mode = WAL");
    } finally {
      db.close();
    }
  }
  restrictDataFileModes();
}
