// The data directory, the database (password hashes) and the backups are private to the user the
// app runs as: prepare makes existing ones 0700/0600, and every entry point sets a 0077 umask that
// the processes it starts inherit, so what they create is private too.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { backupStorageDir, databaseFilePath, env } from "@/lib/env";
import { prepareDatabase } from "@/lib/setup/prepare-database";
import { restrictDataFileModes } from "@/lib/setup/restrict-file-modes";

const execFileAsync = promisify(execFile);
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, "0");
const scratch = mkdtempSync(join(tmpdir(), "backup-center-modes-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("prepare", () => {
  test("makes an existing world-readable data directory, database and backup directory private", () => {
    const [dataDir, database, backups] = [env().DATA_DIR, databaseFilePath(), backupStorageDir()];
    mkdirSync(join(backups, "instance-1"), { recursive: true });
    writeFileSync(join(backups, "instance-1", "old.ndjson.gz"), "");
    for (const path of [dataDir, backups]) chmodSync(path, 0o755);
    chmodSync(database, 0o644);

    prepareDatabase();

    expect({ dataDir: modeOf(dataDir), database: modeOf(database), backups: modeOf(backups) }).toEqual({
      dataDir: "0700",
      database: "0600",
      backups: "0700",
    });
  });

  test("the database's WAL files too, while a running app holds them open", () => {
    const database = databaseFilePath();
    const open = new Database(database);
    try {
      open.pragma("journal_mode = WAL");
      open.exec("CREATE TABLE mode_probe (x); INSERT INTO mode_probe VALUES (1)");
      for (const path of [database, `${database}-wal`, `${database}-shm`]) chmodSync(path, 0o644);

      restrictDataFileModes();

      expect([modeOf(database), modeOf(`${database}-wal`), modeOf(`${database}-shm`)]).toEqual([
        "0600",
        "0600",
        "0600",
      ]);
    } finally {
      open.exec("DROP TABLE mode_probe");
      open.close();
    }
  });
});

describe("entry points", () => {
  test("scripts/prepare.ts started with a permissive umask creates a private data directory and database", async () => {
    const dataDir = join(scratch, "fresh", "data");
    const database = join(dataDir, "backup-center.db");
    await execFileAsync(
      "sh",
      ["-c", `umask 022 && exec "${process.execPath}" --conditions=react-server --import tsx scripts/prepare.ts`],
      {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: `file:${database}`, DEMO_DATA: "off" },
      },
    );
    // The database file is created by prisma migrate, a child of prepare: the umask was inherited.
    expect({ parent: modeOf(join(scratch, "fresh")), dataDir: modeOf(dataDir), database: modeOf(database) }).toEqual({
      parent: "0700",
      dataDir: "0700",
      database: "0600",
    });
  });

  test.each(["start", "prepare", "worker", "scheduler", "web-server", "create-admin"])(
    "scripts/%s.ts sets the umask before any other import runs",
    (name) => {
      const imports = readFileSync(`scripts/${name}.ts`, "utf8").match(/^import .*$/gm) ?? [];
      expect(imports[0]).toMatch(/^import "\.\/private-files";/);
      expect(readFileSync("scripts/private-files.ts", "utf8")).toContain("process.umask(0o077);");
    },
  );
});
