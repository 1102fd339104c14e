// A "world" is everything a Backup Center process works on: one SQLite file, a data directory and
// a backup storage directory. Each fault test file starts in its own (tests/support/per-file-setup.ts);
// tests that need several independent copies of a large one clone it.
import { createHash } from "node:crypto";
import { cpSync, copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { entities } from "@/lib/records/entities";
import { waitFor } from "./wait";

export type World = { dir: string; databaseFile: string; dataDir: string; storageDir: string };

/** This test file's world, as per-file-setup.ts configured it. */
export function fileWorld(): World {
  const databaseFile = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
  const dataDir = process.env.DATA_DIR ?? "";
  const storageDir = process.env.BACKUP_STORAGE_DIR ?? "";
  if (!databaseFile || !dataDir || !storageDir) throw new Error("per-file-setup.ts has not configured this file.");
  return { dir: dataDir, databaseFile, dataDir, storageDir };
}

/**
 * Copies `from` (database and stored backups) into `dir`. The source must be quiet: every
 * connection to it closed or checkpointed, so the database file alone holds all of it.
 */
export function cloneWorld(from: World, dir: string): World {
  const world: World = {
    dir,
    databaseFile: join(dir, "world.db"),
    dataDir: join(dir, "data"),
    storageDir: join(dir, "backups"),
  };
  mkdirSync(world.dataDir, { recursive: true });
  copyFileSync(from.databaseFile, world.databaseFile);
  if (existsSync(from.storageDir)) cpSync(from.storageDir, world.storageDir, { recursive: true });
  return world;
}

/** The environment a worker or service process of `world` runs with (see lib/env.ts). */
export function worldEnv(world: World, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: `file:${world.databaseFile}`,
    DATA_DIR: world.dataDir,
    BACKUP_STORAGE_DIR: world.storageDir,
    DEMO_DATA: "off",
    CHECKPOINT_DISABLE: "1",
    ...extra,
  };
}

export const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

export type OperationRow = {
  id: string;
  type: string;
  status: string;
  instanceId: string;
  backupId: string | null;
  attempts: number;
  progress: number;
  error: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  exclusiveKey: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

export const isSettled = (operation: Pick<OperationRow, "status">) =>
  operation.status === "Succeeded" || operation.status === "Failed";

/** From an operation's latest claim to its end: one whole attempt, in ms. */
export const runTimeMs = (operation: OperationRow) =>
  Date.parse(operation.finishedAt!) - Date.parse(operation.startedAt!);

export type BackupRow = {
  id: string;
  instanceId: string;
  status: string;
  failureReason: string | null;
  storageKey: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  recordCounts: string | null;
};

export type AuditRow = { action: string; outcome: string; operationId: string | null; backupId: string | null };

/**
 * A connection of the test's own to a world's database, for what the test observes: state rows,
 * integrity, and the records of an instance. Reads only, except where a test deliberately damages.
 */
export class WorldDatabase {
  readonly db: Database.Database;

  constructor(file: string) {
    // No busy timeout: a read in WAL mode never waits for a writer.
    this.db = new Database(file, { timeout: 0 });
  }

  operation(id: string): OperationRow | undefined {
    return this.db.prepare(`SELECT * FROM "Operation" WHERE "id" = ?`).get(id) as OperationRow | undefined;
  }

  /** Waits (polling) until the operation has ended, and returns its row. */
  async settled(operationId: string, timeoutMs: number): Promise<OperationRow> {
    return waitFor(() => [this.operation(operationId)!].find(isSettled), {
      timeoutMs,
      what: `operation ${operationId} to end`,
      describe: () => JSON.stringify(this.operation(operationId)),
    });
  }

  operations(where = "1 = 1", ...params: unknown[]): OperationRow[] {
    return this.db
      .prepare(`SELECT * FROM "Operation" WHERE ${where} ORDER BY "createdAt", "id"`)
      .all(...params) as OperationRow[];
  }

  instanceState(id: string): { state: string; type: string } | undefined {
    return this.db.prepare(`SELECT "state", "type" FROM "Instance" WHERE "id" = ?`).get(id) as
      { state: string; type: string } | undefined;
  }

  backup(id: string): BackupRow | undefined {
    return this.db.prepare(`SELECT * FROM "Backup" WHERE "id" = ?`).get(id) as BackupRow | undefined;
  }

  backups(where = "1 = 1", ...params: unknown[]): BackupRow[] {
    return this.db
      .prepare(`SELECT * FROM "Backup" WHERE ${where} ORDER BY "createdAt", "id"`)
      .all(...params) as BackupRow[];
  }

  audit(where: string, ...params: unknown[]): AuditRow[] {
    return this.db
      .prepare(
        `SELECT "action", "outcome", "operationId", "backupId" FROM "AuditEntry" WHERE ${where} ORDER BY "at", "id"`,
      )
      .all(...params) as AuditRow[];
  }

  /** What PRAGMA integrity_check and foreign_key_check find wrong; empty when the database is sound. */
  integrityProblems(): string[] {
    const integrity = (this.db.pragma("integrity_check") as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    const problems = integrity.join() === "ok" ? [] : integrity.map((line) => `integrity_check: ${line}`);
    for (const row of this.db.pragma("foreign_key_check") as Record<string, unknown>[]) {
      problems.push(`foreign_key_check: ${JSON.stringify(row)}`);
    }
    return problems;
  }

  /**
   * SHA-256 of every record of the instance: the four tables in order, rows in id order, all
   * columns but instanceId. Integers are read as JS numbers, exact for Prisma's 32-bit Int; the
   * round trips compare exact values and storage classes with records().
   */
  recordsHash(instanceId: string): string {
    const hash = createHash("sha256");
    this.db.exec("BEGIN"); // one read snapshot for all four tables
    try {
      for (const { table, columns } of entities) {
        hash.update(`${table}\n`);
        const rows = this.db
          .prepare(
            `SELECT ${columns.map((c) => quote(c.name)).join(", ")} FROM ${quote(table)} WHERE "instanceId" = ? ORDER BY "id"`,
          )
          .raw(true);
        for (const row of rows.iterate(instanceId)) hash.update(`${JSON.stringify(row)}\n`);
      }
    } finally {
      this.db.exec("COMMIT");
    }
    return hash.digest("hex");
  }

  /** Every record of the instance, per table in id order, each value exactly as stored and with its storage class. */
  records(instanceId: string): Record<string, unknown[][]> {
    const dump: Record<string, unknown[][]> = {};
    for (const { table, columns } of entities) {
      const list = columns.map((c) => `${quote(c.name)}, typeof(${quote(c.name)})`).join(", ");
      dump[table] = this.db
        .prepare(`SELECT ${list} FROM ${quote(table)} WHERE "instanceId" = ? ORDER BY "id"`)
        .raw(true)
        .safeIntegers(true)
        .all(instanceId) as unknown[][];
    }
    return dump;
  }

  recordCount(instanceId: string): number {
    return entities.reduce(
      (sum, { table }) =>
        sum +
        (
          this.db.prepare(`SELECT COUNT(*) AS n FROM ${quote(table)} WHERE "instanceId" = ?`).get(instanceId) as {
            n: number;
          }
        ).n,
      0,
    );
  }

  /** Moves the WAL into the database file, so the file can be copied on its own. */
  checkpoint(): void {
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  close(): void {
    this.db.close();
  }
}
