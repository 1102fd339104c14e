import "server-only";
import { pipeline, Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { entities } from "../records/entities";
import type { BackupStorage } from "../storage/backup-storage";
import {
  gzipLevel,
  manifestKey,
  maxLineBytes,
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
  valueTypes: e.columns.map((c) => ({ type: c.type, nullable: c.nullable ?? false })),
}));

/** Rows are encoded into buffers of this many bytes before they reach gzip. */
const chunkBytes = 64 * 1024;

/**
 * Rows are joined into strings of about this many characters, then encoded into the current
 * buffer. Short strings die young: a long one being built survives every young-generation GC it
 * spans, and V8 grows its new space with those survivors, so RSS would grow with the instance.
 */
const textChars = 4 * 1024;

/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const maxBytesPerChar = 3;

export type SnapshotProgress = (done: number, total: number) => void;

/**
 * Streams one consistent snapshot of an instance's records into `storage` at `key`, with its
 * manifest beside it. Memory stays flat: rows flow driver → NDJSON → gzip → SHA-256 → storage,
 * pulled one chunk at a time as storage takes them.
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
    const counts: Record<string, number> = {};
    for (const { table } of snapshotTables) counts[table] = await tx.count(table, instance.id);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    let rawBytes = 0;

    async function* chunks(): AsyncGenerator<Buffer> {
      let chunk = Buffer.allocUnsafe(chunkBytes);
      let used = 0;
      let text = "";
      let done = 0;

      /** Moves `text` into the chunk, first handing the chunk on if `text` might not fit. */
      function* flush(): Generator<Buffer> {
        if (text.length * maxBytesPerChar > chunkBytes - used) {
          if (used > 0) {
            yield chunk.subarray(0, used);
            onProgress?.(done, total);
            chunk = Buffer.allocUnsafe(chunkBytes); // the one handed on now belongs to gzip
            used = 0;
          }
          if (text.length * maxBytesPerChar > chunkBytes) {
            yield Buffer.from(text); // a row longer than a chunk
            text = "";
            return;
          }
        }
        used += chunk.write(text, used);
        text = "";
      }

      const header: SnapshotHeader = {
        format: snapshotFormat,
        version: snapshotFormatVersion,
        instanceVersion: instance.version,
        tables: snapshotTables.map((t) => t.table),
      };
      text = `${JSON.stringify(header)}\n`;
      for (const spec of snapshotTables) {
        text += `${JSON.stringify({ table: spec.table, columns: spec.columns })}\n`;
        let written = 0;
        for await (const batch of tx.rows(spec, instance.id)) {
          for (const row of batch) {
            const line = `${JSON.stringify(row)}\n`;
            // A restore refuses longer lines, so a backup holding one must fail now, not at restore.
            if (line.length * maxBytesPerChar > maxLineBytes && Buffer.byteLength(line) > maxLineBytes)
              throw new Error(
                `A ${spec.table} record is larger than a backup can hold (${maxLineBytes / 2 ** 20} MiB).`,
              );
            text += line;
            written++;
            done++;
            if (text.length >= textChars) yield* flush();
          }
        }
        // The read transaction fixes the data, so the counts taken first must match what was read.
        if (written !== counts[spec.table])
          throw new Error(`Snapshot of ${spec.table} read ${written} rows, expected ${counts[spec.table]}.`);
      }
      text += `${JSON.stringify({ trailer: true, counts })}\n`;
      yield* flush();
      if (used > 0) yield chunk.subarray(0, used);
      onProgress?.(total, total);
    }

    const counted = async function* () {
      for await (const chunk of chunks()) {
        rawBytes += chunk.length;
        yield chunk;
      }
    };
    const generated = counted();
    const source = Readable.from(generated, { objectMode: false });
    // Output chunks as large as the input ones: fewer pieces to hash and write.
    const gzip = createGzip({ level: gzipLevel, chunkSize: chunkBytes });
    const hashing = new HashingStream();
    // pipeline() respects every stage's backpressure and destroys all stages when one fails or
    // storage stops reading: a failed read fails the write, and a failed write ends the row reads.
    // Its outcome reaches us through storage.put, which consumes `hashing`.
    pipeline(source, gzip, hashing, () => undefined);
    let bytes: number;
    try {
      ({ bytes } = await storage.put(key, hashing));
    } finally {
      // Closes the row reads (if still open) before the read transaction ends.
      source.destroy();
      await generated.return(undefined);
    }

    const manifest: SnapshotManifest = {
      format: snapshotFormat,
      formatVersion: snapshotFormatVersion,
      codec: snapshotCodec,
      instanceId: instance.id,
      instanceVersion: instance.version,
      takenAt,
      counts,
      bytes,
      rawBytes,
      sha256: hashing.digest(),
    };
    await storage.put(manifestKey(key), Readable.from([JSON.stringify(manifest, null, 2)]));
    return manifest;
  });
}
