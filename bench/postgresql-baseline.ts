// The yardstick on PostgreSQL: COPY (SELECT …) TO STDOUT → gzip-1 → SHA-256 → file, every table in
// one REPEATABLE READ transaction; restored from that file → gunzip → COPY FROM STDIN into the
// target's tables in one transaction. COPY's own text format, with none of the product's extras
// (JSON lines, counts up front, storage abstraction, manifest, verification, staging and swap).
import { createReadStream } from "node:fs";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { once } from "node:events";
import { createGunzip } from "node:zlib";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { quoteIdentifier } from "../lib/sql/quote-identifier";
import { quoteColumnList } from "../lib/sql/quote-column-list";
import { benchTables, type Baseline } from "./shared";
import { writeGzippedFile } from "./write-gzipped-file";

/** Starts each table's rows in the file. No row line starts with it: every row starts with its integer id. */
const tableMarker = "\\table ";

/** The baseline on the PostgreSQL database at `url`. */
export function postgresqlBaseline(url: string): Baseline {
  return { backup: (options) => backup(url, options), restore: (options) => restore(url, options) };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Writes one instance's records to `file`; returns its size and SHA-256 and the row counts. */
async function backup(url: string, options: Parameters<Baseline["backup"]>[0]) {
  const db = await connect(url);
  try {
    await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const copies: { table: string; copy: ReturnType<typeof copyTo> }[] = [];
    async function* fileText(): AsyncGenerator<Buffer> {
      for (const { table, columns } of benchTables) {
        yield Buffer.from(`${tableMarker}${table}\n`);
        const copy = db.query(
          copyTo(
            `COPY (SELECT ${quoteColumnList(columns)} FROM ${quoteIdentifier(table)} WHERE "instanceId" = ${db.escapeLiteral(options.instanceId)} ORDER BY "id") TO STDOUT`,
          ),
        );
        copies.push({ table, copy });
        for await (const chunk of copy) yield chunk as Buffer;
      }
    }
    const { bytes, sha256 } = await writeGzippedFile(fileText(), options.file);
    await db.query("COMMIT");
    // Each COPY's row count arrives with its completion, which COMMIT has waited for.
    const counts = Object.fromEntries(copies.map(({ table, copy }) => [table, copy.rowCount]));
    return { bytes, sha256, counts };
  } finally {
    await db.end();
  }
}

/** Waits for a COPY FROM stream to take more, or fails with the COPY's error. */
async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

/** Replaces the target instance's records with the file's, in one transaction. */
async function restore(url: string, options: Parameters<Baseline["restore"]>[0]) {
  const db = await connect(url);
  const counts: Record<string, number> = {};
  try {
    await db.query("BEGIN");
    for (const { table } of [...benchTables].reverse()) {
      await db.query(`DELETE FROM ${quoteIdentifier(table)} WHERE "instanceId" = $1`, [options.instanceId]);
    }
    let current: { table: string; copy: ReturnType<typeof copyFrom> } | undefined;
    const endCopy = async () => {
      if (!current) return;
      current.copy.end();
      await finished(current.copy);
      counts[current.table] = current.copy.rowCount;
      current = undefined;
    };
    // The file's rows lack the instance (it is the source's): each line gets the target's in front.
    const instanceColumn = `${options.instanceId}\t`;
    const raw = createReadStream(options.file);
    const gunzip = createGunzip();
    raw.on("error", (error) => gunzip.destroy(error));
    let rest = "";
    for await (const chunk of raw.pipe(gunzip)) {
      const lines = (rest + (chunk as Buffer).toString("utf8")).split("\n");
      rest = lines.pop()!;
      let batch = "";
      for (const line of lines) {
        if (!line.startsWith(tableMarker)) {
          batch += `${instanceColumn}${line}\n`;
          continue;
        }
        if (batch) await write(current!.copy, batch);
        batch = "";
        await endCopy();
        const table = line.slice(tableMarker.length);
        const { columns } = benchTables.find((spec) => spec.table === table)!;
        current = {
          table,
          copy: db.query(
            copyFrom(`COPY ${quoteIdentifier(table)} ("instanceId", ${quoteColumnList(columns)}) FROM STDIN`),
          ),
        };
      }
      if (batch) await write(current!.copy, batch);
    }
    await endCopy();
    await db.query("COMMIT");
    return counts;
  } catch (error) {
    await db.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}
