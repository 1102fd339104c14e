import "server-only";
import { createGunzip } from "node:zlib";
import type { BackupStorage } from "../storage/backup-storage";
import { maxLineBytes, snapshotFormat, snapshotFormatVersion } from "./format";
import { HashingStream } from "./hash-stream";
import { CorruptBackupError } from "./corrupt-backup-error";
import { lineChunkBytes } from "./encode-row-lines";
import { parseSnapshotLine } from "./parse-snapshot-line";
import { RowLines } from "./row-lines";
import type { RestoreSection, TableSpec } from "./snapshot-driver";

const newline = 0x0a;
/** Rows are JSON arrays; every other line is an object. */
const openBracket = 0x5b;

/** gzip cannot inflate past about 1032:1; a file claiming more is not what it says it is. */
const maxGzipRatio = 1100;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Streams the sections of a snapshot file, validating as it goes: header, table order and columns
 * against `tables`, row counts, and the trailer's counts; each row is checked against its columns
 * as the caller decodes its batch (RowLines). The caller applies rows inside a
 * transaction, so a problem found late still rolls everything back. `sha256` is re-checked over
 * exactly the bytes parsed; `checkFinal` throws if they differ from the expected file.
 */
export function readSnapshotSections(options: {
  storage: BackupStorage;
  key: string;
  tables: readonly TableSpec[];
  expectedCounts: Record<string, number>;
  /** The file's size before compression, as recorded when it was written; null for older files. */
  rawBytes: number | null;
  /** The file's stored size, for the cap on older files. */
  bytes: number;
}): { sections: AsyncIterable<RestoreSection>; checkFinal: (sha256: string) => void } {
  // However it was made, a file may not inflate beyond the size recorded when it was written (a
  // line can be no longer either), so a bomb stops before it fills memory or the staging tables.
  const maxInflatedBytes = options.rawBytes ?? options.bytes * maxGzipRatio;
  let inflatedBytes = 0;
  // The file is opened when the sections are first read, and closed when reading stops: a caller
  // that fails before reading or stops early (a bad row, a failed insert) leaves no open stream.
  const hashing = new HashingStream();
  let chunks!: AsyncIterator<Buffer>; // set when reading starts
  // Lines are decoded one at a time from gunzip's bytes (a newline byte is never part of a
  // multi-byte UTF-8 character). Whole decoded chunks held as strings would outlive young-generation
  // GCs, and V8 grows its new space with such survivors: the heap would grow with the restore.
  let buffer: Buffer = Buffer.alloc(0);
  let position = 0;
  let ended = false;
  let trailerSeen = false;

  /** The next decompressed chunk, counted against the size cap; undefined at the end of the file. */
  async function nextChunk(): Promise<Buffer | undefined> {
    if (ended) return undefined;
    let result: IteratorResult<Buffer>;
    try {
      result = await chunks.next();
    } catch {
      throw new CorruptBackupError("the file is truncated or not a valid gzip stream.");
    }
    if (result.done) {
      ended = true;
      return undefined;
    }
    inflatedBytes += result.value.length;
    if (inflatedBytes > maxInflatedBytes)
      throw new CorruptBackupError(
        "it inflates beyond the size recorded when it was written (stopped at the size cap).",
      );
    return result.value;
  }

  /**
   * Where the next line ends, reading on as needed; -1 when the file ends first. A long line's
   * chunks are joined once, when its end arrives (joining at every chunk would copy it over and
   * over), and no line may outgrow what a record can be.
   */
  async function lineEnd(): Promise<number> {
    const end = buffer.indexOf(newline, position);
    if (end !== -1) return end;
    const parts = [buffer.subarray(position)];
    let length = parts[0]!.length;
    let lineLength = -1;
    for (let chunk = await nextChunk(); chunk; chunk = await nextChunk()) {
      parts.push(chunk);
      const at = chunk.indexOf(newline);
      if (at !== -1) lineLength = length + at;
      length += chunk.length;
      if (at !== -1) break;
      if (length > maxLineBytes) throw new CorruptBackupError("a line is longer than any record can be.");
    }
    buffer = Buffer.concat(parts, length);
    position = 0;
    return lineLength;
  }

  async function nextLine(): Promise<string | undefined> {
    const end = await lineEnd();
    if (end === -1 && position >= buffer.length) return undefined;
    const line = buffer.toString("utf8", position, end === -1 ? buffer.length : end);
    position = end === -1 ? buffer.length : end + 1;
    return line;
  }

  async function* sections(): AsyncGenerator<RestoreSection> {
    const raw = options.storage.get(options.key);
    const gunzip = createGunzip({ chunkSize: lineChunkBytes });
    raw.on("error", (error) => gunzip.destroy(error));
    hashing.on("error", (error) => gunzip.destroy(error));
    raw.pipe(hashing).pipe(gunzip);
    gunzip.on("error", () => undefined); // surfaced by the iterator in nextChunk()
    chunks = gunzip[Symbol.asyncIterator]();
    try {
      yield* validatedSections();
    } finally {
      raw.destroy();
      gunzip.destroy();
    }
  }

  async function* validatedSections(): AsyncGenerator<RestoreSection> {
    const first = parseSnapshotLine((await nextLine()) ?? "");
    if (!isObject(first) || first.format !== snapshotFormat)
      throw new CorruptBackupError("it is not a Backup Center snapshot.");
    if (first.version !== snapshotFormatVersion)
      throw new CorruptBackupError(`format version ${String(first.version)} is not supported.`);
    const counts: Record<string, number> = {};
    let line = await nextLine();
    for (const spec of options.tables) {
      const tableLine = line === undefined ? undefined : parseSnapshotLine(line);
      if (!isObject(tableLine) || tableLine.table !== spec.table) {
        throw new CorruptBackupError(
          `expected the ${spec.table} section${line === undefined ? ", but the file ends early" : ""}.`,
        );
      }
      if (JSON.stringify(tableLine.columns) !== JSON.stringify(spec.columns)) {
        throw new CorruptBackupError(`the columns of ${spec.table} do not match this version of Backup Center.`);
      }
      let count = 0;
      /** The whole row lines at hand in the buffer; undefined when the next line is not one, or not whole yet. */
      const rowLinesAtHand = (): RowLines | undefined => {
        const start = position;
        let lineCount = 0;
        for (let end = 0; buffer[position] === openBracket && (end = buffer.indexOf(newline, position)) !== -1;) {
          lineCount++;
          position = end + 1;
        }
        return lineCount > 0 ? new RowLines(spec, buffer.subarray(start, position), lineCount) : undefined;
      };
      // The section's rows in batches of the whole lines at hand; it ends at the first line that is
      // not a row (the next table or the trailer).
      async function* lines(): AsyncGenerator<RowLines> {
        for (;;) {
          let batch = rowLinesAtHand();
          if (!batch) {
            const end = await lineEnd();
            if (position >= buffer.length || buffer[position] !== openBracket) return;
            if (end !== -1) continue;
            // A last line without its newline (the file is truncated; the trailer check says so).
            batch = new RowLines(spec, Buffer.concat([buffer.subarray(position), Buffer.of(newline)]), 1);
            position = buffer.length;
          }
          count += batch.count;
          // Stop at the first rows beyond the manifest's count rather than staging a flood of them.
          if (count > (options.expectedCounts[spec.table] ?? 0))
            throw new CorruptBackupError(`it holds more ${spec.table} records than its manifest lists.`);
          yield batch;
        }
      }
      yield { spec, lines: lines() };
      line = await nextLine();
      counts[spec.table] = count;
    }
    const trailer = line === undefined ? undefined : parseSnapshotLine(line);
    if (!isObject(trailer) || trailer.trailer !== true || !isObject(trailer.counts)) {
      throw new CorruptBackupError("the file ends without its trailer (truncated).");
    }
    for (const spec of options.tables) {
      if (
        trailer.counts[spec.table] !== counts[spec.table] ||
        options.expectedCounts[spec.table] !== counts[spec.table]
      ) {
        throw new CorruptBackupError(`the ${spec.table} record count does not match its manifest.`);
      }
    }
    if ((await nextLine()) !== undefined) throw new CorruptBackupError("there is data after the trailer.");
    trailerSeen = true;
  }

  return {
    sections: sections(),
    checkFinal(sha256: string) {
      if (!trailerSeen) throw new CorruptBackupError("the file was not read to its end.");
      if (hashing.digest() !== sha256)
        throw new CorruptBackupError("its SHA-256 checksum does not match the one recorded when it was written.");
    },
  };
}
