import "server-only";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { BackupStorage } from "../storage/backup-storage";
import { snapshotFormat, snapshotFormatVersion, type SnapshotHeader } from "./format";
import { HashingStream } from "./hash-stream";
import type { RestoreSection, TableSpec } from "./snapshot-driver";

/** A backup file that cannot be trusted: wrong checksum, wrong format, truncated or inconsistent. */
export class CorruptBackupError extends Error {
  constructor(reason: string) {
    super(`The backup file failed verification: ${reason}`);
    this.name = "CorruptBackupError";
  }
}

/** Hashes the stored file and compares it with the checksum recorded when it was written. */
export async function verifyChecksum(options: {
  storage: BackupStorage;
  key: string;
  sha256: string;
  bytes: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<void> {
  const stat = await options.storage.stat(options.key);
  if (!stat) throw new CorruptBackupError("the file is missing from storage.");
  if (stat.bytes !== options.bytes)
    throw new CorruptBackupError(`its size is ${stat.bytes} bytes, expected ${options.bytes}.`);
  const hashing = new HashingStream();
  const stream = options.storage.get(options.key).pipe(hashing);
  for await (const chunk of stream) if (chunk) options.onProgress?.(hashing.bytes, options.bytes);
  if (hashing.digest() !== options.sha256) throw new CorruptBackupError("its SHA-256 checksum does not match.");
}

async function* batchedLines(stream: Readable): AsyncGenerator<string[]> {
  let rest = "";
  for await (const chunk of stream) {
    const parts = (rest + (chunk as string)).split("\n");
    rest = parts.pop()!;
    if (parts.length) yield parts;
  }
  if (rest) yield [rest];
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new CorruptBackupError("a line is not valid JSON.");
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Streams the sections of a snapshot file, validating as it goes: header, table order and columns
 * against `tables`, row shapes, and the trailer's counts. The caller applies rows inside a
 * transaction, so a problem found late still rolls everything back. `sha256` is re-checked over
 * exactly the bytes parsed; `checkFinal` throws if they differ from the expected file.
 */
export function readSnapshotSections(options: {
  storage: BackupStorage;
  key: string;
  tables: readonly TableSpec[];
  expectedCounts: Record<string, number>;
}): { header: Promise<SnapshotHeader>; sections: AsyncIterable<RestoreSection>; checkFinal: (sha256: string) => void } {
  const hashing = new HashingStream();
  const raw = options.storage.get(options.key);
  const gunzip = createGunzip();
  raw.on("error", (error) => gunzip.destroy(error));
  raw.pipe(hashing).pipe(gunzip);
  hashing.on("error", (error) => gunzip.destroy(error));
  gunzip.setEncoding("utf8");
  gunzip.on("error", () => undefined); // surfaced by the iterator below

  const lines = batchedLines(gunzip);
  let pending: string[] = [];
  let position = 0;
  let trailerSeen = false;
  let resolveHeader!: (h: SnapshotHeader) => void;
  let rejectHeader!: (e: unknown) => void;
  const header = new Promise<SnapshotHeader>((resolve, reject) => {
    resolveHeader = resolve;
    rejectHeader = reject;
  });
  header.catch(() => undefined);

  /** Loads the next decoded chunk of lines; false at the end of the file. */
  async function fill(): Promise<boolean> {
    let result: IteratorResult<string[]>;
    try {
      result = await lines.next();
    } catch {
      throw new CorruptBackupError("the file is truncated or not a valid gzip stream.");
    }
    if (result.done) return false;
    pending = result.value;
    position = 0;
    return true;
  }

  async function nextLine(): Promise<string | undefined> {
    while (position >= pending.length) if (!(await fill())) return undefined;
    return pending[position++];
  }

  async function* sections(): AsyncGenerator<RestoreSection> {
    try {
      const first = parseLine((await nextLine()) ?? "");
      if (!isObject(first) || first.format !== snapshotFormat)
        throw new CorruptBackupError("it is not a Backup Center snapshot.");
      if (first.version !== snapshotFormatVersion)
        throw new CorruptBackupError(`format version ${String(first.version)} is not supported.`);
      resolveHeader(first as SnapshotHeader);
    } catch (error) {
      rejectHeader(error);
      throw error;
    }
    const counts: Record<string, number> = {};
    let line = await nextLine();
    for (const spec of options.tables) {
      const tableLine = line === undefined ? undefined : parseLine(line);
      if (!isObject(tableLine) || tableLine.table !== spec.table) {
        throw new CorruptBackupError(
          `expected the ${spec.table} section${line === undefined ? ", but the file ends early" : ""}.`,
        );
      }
      if (JSON.stringify(tableLine.columns) !== JSON.stringify(spec.columns)) {
        throw new CorruptBackupError(`the columns of ${spec.table} do not match this version of Backup Center.`);
      }
      let count = 0;
      const width = spec.columns.length;
      // Rows come in batches of whatever one decoded chunk holds; the section ends at the first
      // line that is not a row (the next table or the trailer).
      async function* rows(): AsyncGenerator<unknown[][]> {
        for (;;) {
          if (position >= pending.length && !(await fill())) return;
          const batch: unknown[][] = [];
          while (position < pending.length && pending[position]!.startsWith("[")) {
            const row = parseLine(pending[position++]!);
            if (!Array.isArray(row) || row.length !== width)
              throw new CorruptBackupError(`a ${spec.table} row has the wrong shape.`);
            batch.push(row);
          }
          count += batch.length;
          if (batch.length) yield batch;
          if (position < pending.length) return;
        }
      }
      yield { spec, rows: rows() };
      line = await nextLine();
      counts[spec.table] = count;
    }
    const trailer = line === undefined ? undefined : parseLine(line);
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
    header,
    sections: sections(),
    checkFinal(sha256: string) {
      if (!trailerSeen) throw new CorruptBackupError("the file was not read to its end.");
      if (hashing.digest() !== sha256)
        throw new CorruptBackupError("its SHA-256 checksum changed while it was being restored.");
    },
  };
}
