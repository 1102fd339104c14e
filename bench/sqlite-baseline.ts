// The yardstick on SQLite: the plainest streaming backup and restore on the same stack (better-sqlite3,
// NDJSON, gzip level 1, SHA-256), producing the same file format as the product, with none of its
// extras (counts up front, storage abstraction, fsync + rename, manifest, checksum verification).
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import Database from "better-sqlite3";
import { quoteIdentifier } from "../lib/sql/quote-identifier";
import { quoteColumnList } from "../lib/sql/quote-column-list";
import { benchTables, type Baseline } from "./shared";
import { writeGzippedFile } from "./write-gzipped-file";

const chunkChars = 64 * 1024;

/** The baseline on the SQLite database in `dbFile`. */
export function sqliteBaseline(dbFile: string): Baseline {
  return { backup: (options) => backup(dbFile, options), restore: (options) => restore(dbFile, options) };
}

/** Writes one instance's records to `file`; returns its size and SHA-256 and the row counts. */
async function backup(dbFile: string, options: Parameters<Baseline["backup"]>[0]) {
  const db = new Database(dbFile, { timeout: 30_000 });
  const counts: Record<string, number> = {};
  try {
    db.exec("BEGIN");
    db.prepare("SELECT 1 FROM sqlite_master LIMIT 1").get(); // fixes the WAL read snapshot

    function* chunks(): Generator<string> {
      const header = {
        format: "backup-center/snapshot",
        version: 1,
        instanceVersion: options.instanceVersion,
        tables: benchTables.map((t) => t.table),
      };
      let chunk = `${JSON.stringify(header)}\n`;
      for (const spec of benchTables) {
        chunk += `${JSON.stringify({ table: spec.table, columns: spec.columns })}\n`;
        const select = db
          .prepare(
            `SELECT ${quoteColumnList(spec.columns)} FROM ${quoteIdentifier(spec.table)} WHERE "instanceId" = ? ORDER BY "id"`,
          )
          .raw(true);
        let n = 0;
        for (const row of select.iterate(options.instanceId)) {
          chunk += `${JSON.stringify(row)}\n`;
          n++;
          if (chunk.length >= chunkChars) {
            yield chunk;
            chunk = "";
          }
        }
        counts[spec.table] = n;
      }
      yield `${chunk}${JSON.stringify({ trailer: true, counts })}\n`;
    }

    const { bytes, sha256 } = await writeGzippedFile(chunks(), options.file);
    return { bytes, sha256, counts };
  } finally {
    if (db.inTransaction) db.exec("COMMIT");
    db.close();
  }
}

/** Replaces the target instance's records with the file's, in one transaction. */
async function restore(dbFile: string, options: Parameters<Baseline["restore"]>[0]) {
  const db = new Database(dbFile, { timeout: 30_000 });
  db.pragma("foreign_keys = ON"); // as the product's driver: the same constraint checks apply
  const counts: Record<string, number> = {};
  try {
    db.exec("BEGIN IMMEDIATE");
    for (const { table } of [...benchTables].reverse()) {
      db.prepare(`DELETE FROM ${quoteIdentifier(table)} WHERE "instanceId" = ?`).run(options.instanceId);
    }
    const raw = createReadStream(options.file);
    const gunzip = createGunzip();
    raw.on("error", (error) => gunzip.destroy(error));
    raw.pipe(gunzip).setEncoding("utf8");

    let insert: Database.Statement | undefined;
    let table = "";
    let rest = "";
    const apply = (line: string) => {
      if (line.startsWith("[")) {
        insert!.run(options.instanceId, ...(JSON.parse(line) as unknown[]));
        counts[table]!++;
        return;
      }
      const parsed = JSON.parse(line) as { table?: string; columns?: string[] };
      if (parsed.table && parsed.columns) {
        table = parsed.table;
        counts[table] = 0;
        insert = db.prepare(
          `INSERT INTO ${quoteIdentifier(table)} ("instanceId", ${quoteColumnList(parsed.columns)}) VALUES (?${", ?".repeat(parsed.columns.length)})`,
        );
      }
    };
    for await (const chunk of gunzip) {
      const lines = (rest + (chunk as string)).split("\n");
      rest = lines.pop()!;
      for (const line of lines) apply(line);
    }
    if (rest) apply(rest);
    db.exec("COMMIT");
    return counts;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  } finally {
    db.close();
  }
}
