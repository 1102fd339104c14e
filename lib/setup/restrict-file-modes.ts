import "server-only";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { backupStorageDir, databaseFilePath, databaseProvider, env } from "../env";

/** The database and its journal files (SQLite gives new -wal/-shm files the database file's mode). */
const databaseFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];

/**
 * Makes the data this app keeps readable by its own user only: the data directory and the backup
 * directory 0700, the SQLite database files 0600. The database holds password hashes and the backups
 * every instance's records, and a data directory created before the entry points set a private
 * umask (or copied in) may be world-readable. A directory mode covers everything beneath it, so
 * older backup files need no walk. Run at prepare time, before the app serves anything.
 */
export function restrictDataFileModes(): void {
  const dataDir = env().DATA_DIR;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  if (databaseProvider() === "sqlite") {
    for (const file of databaseFiles(databaseFilePath())) {
      if (existsSync(file)) chmodSync(file, 0o600);
    }
  }
  const backups = backupStorageDir();
  if (existsSync(backups)) chmodSync(backups, 0o700);
}
