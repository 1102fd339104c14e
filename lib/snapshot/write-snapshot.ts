import "server-only";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { entities } from "../records/entities";
import type { BackupStorage } from "../storage/backup-storage";
import {
  gzipLevel,
  manifestKey,
  snapshotCodec,
  snapshotFormat,
  snapshotFormatVersion,
  type SnapshotHeader,
  type SnapshotManifest,
} from "./format";
import { HashingStream } from "./hash-stream";
import type { SnapshotDriver, TableSpec } from "./snapshot-driver";

export const snapshotTables: readonly TableSpec[] = entities.map((e) => ({
  table: e.table,
  columns: e.columns.map((c) => c.name),
}));

/** Rows are joined into chunks of about this many characters before they reach gzip. */
const chunkChars = 256 * 1024;

export type SnapshotProgress = (done: number, total: number) => void;

/**
 * Streams one consistent snapshot of an instance's records into `storage` at `key`, with its
 * manifest beside it. Memory stays flat: rows flow driver → NDJSON → gzip → SHA-256 → storage.
 */
export async function writeSnapshot(options: {
  driver: SnapshotDriver;
  storage: BackupStorage;
  key: string;
  instance: { id: string; version: string };
  onProgress?: SnapshotProgress;
  now?: () => Date;
}): Promise<SnapshotManifest> {
  const { driver, storage, key, instance, onProgress } = options;
  const takenAt = (options.now?.() ?? new Date()).toISOString();

  return driver.withReadTransaction(async (tx) => {
    const counts: Record<string, number> = Object.fromEntries(
      snapshotTables.map((t) => [t.table, tx.count(t.table, instance.id)]),
    );
    const total = Object.values(counts).reduce((a, b) => a + b, 0);

    function* lines(): Generator<string> {
      const header: SnapshotHeader = {
        format: snapshotFormat,
        version: snapshotFormatVersion,
        instanceVersion: instance.version,
        tables: snapshotTables.map((t) => t.table),
      };
      let chunk = `${JSON.stringify(header)}\n`;
      let done = 0;
      for (const spec of snapshotTables) {
        chunk += `${JSON.stringify({ table: spec.table, columns: spec.columns })}\n`;
        let written = 0;
        for (const row of tx.rows(spec, instance.id)) {
          chunk += `${JSON.stringify(row)}\n`;
          written++;
          if (chunk.length >= chunkChars) {
            yield chunk;
            chunk = "";
            onProgress?.(done + written, total);
          }
        }
        // The read transaction fixes the data, so the counts taken first must match what was read.
        if (written !== counts[spec.table])
          throw new Error(`Snapshot of ${spec.table} read ${written} rows, expected ${counts[spec.table]}.`);
        done += written;
      }
      chunk += `${JSON.stringify({ trailer: true, counts })}\n`;
      yield chunk;
      onProgress?.(total, total);
    }

    const source = Readable.from(lines(), { objectMode: false });
    const gzip = createGzip({ level: gzipLevel });
    const hashing = new HashingStream();
    // .pipe() does not forward errors: a failed read must fail the write, not hang it.
    source.on("error", (error) => hashing.destroy(error));
    gzip.on("error", (error) => hashing.destroy(error));
    // And the other way: when storage gives up, stop reading rows so the read transaction can end.
    hashing.on("close", () => source.destroy());
    const { bytes } = await storage.put(key, source.pipe(gzip).pipe(hashing));

    const manifest: SnapshotManifest = {
      format: snapshotFormat,
      formatVersion: snapshotFormatVersion,
      codec: snapshotCodec,
      instanceId: instance.id,
      instanceVersion: instance.version,
      takenAt,
      counts,
      bytes,
      sha256: hashing.digest(),
    };
    await storage.put(manifestKey(key), Readable.from([JSON.stringify(manifest, null, 2)]));
    return manifest;
  });
}
