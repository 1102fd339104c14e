// Runs before each test file's imports: point the app at a fresh copy of the migrated template,
// with its own data and backup storage directories.
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { inject } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "backup-center-test-"));
const file = join(dir, "test.db");
copyFileSync(inject("templateDatabase"), file);
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.close();

process.env.DATABASE_URL = `file:${file}`;
process.env.DATA_DIR = dir;
process.env.BACKUP_STORAGE_DIR = join(dir, "backups");
process.env.DEMO_DATA = "off";
