import "server-only";
import type { Backup } from "@prisma/client";
import type { BackupStorage } from "../storage/backup-storage";
import { checkStoredBackup } from "./check-stored-backup";
import { readSnapshotSections } from "./read-snapshot";
import { hashedSections, RowsHash } from "./rows-hash";
import type { RestoreSection, TableSpec } from "./snapshot-driver";

export type VerifiedSnapshot = { counts: Record<string, number>; records: number; rowsHash: string };

/** Reads every row and drops it (a plain verification), stopping when `signal` aborts. */
function drainer(signal?: AbortSignal) {
  return async (sections: AsyncIterable<RestoreSection>) => {
    for await (const section of sections)
      for await (const batch of section.lines) if (batch.rows().length > 0) signal?.throwIfAborted();
  };
}

/**
 * Re-reads a stored backup end to end, exactly as a restore would before touching anything: the
 * file, its manifest and the Backup row agree (size, SHA-256, format, tables, counts), every row
 * decodes to its column types, and the bytes read hash to the SHA-256 recorded when it was written.
 * The checksum is the one recorded at backup time, so a damaged file can never pass by being
 * re-hashed. `consume` receives the rows (a test restore stages them); by default they are dropped.
 * Throws CorruptBackupError with the reason when anything does not match.
 */
export async function verifySnapshot(options: {
  storage: BackupStorage;
  backup: Pick<
    Backup,
    "instanceId" | "storageKey" | "sha256" | "sizeBytes" | "rawBytes" | "recordCounts" | "formatVersion" | "codec"
  >;
  tables: readonly TableSpec[];
  consume?: (sections: AsyncIterable<RestoreSection>) => Promise<unknown>;
  /** Stops a plain verification's reading (e.g. the worker lost its lease). */
  signal?: AbortSignal;
}): Promise<VerifiedSnapshot> {
  const { storage, tables } = options;
  const stored = await checkStoredBackup({ storage, backup: options.backup, tables });
  const reader = readSnapshotSections({
    storage,
    key: stored.key,
    tables,
    expectedCounts: stored.counts,
    rawBytes: stored.rawBytes,
    bytes: stored.bytes,
  });
  const hash = new RowsHash();
  await (options.consume ?? drainer(options.signal))(hashedSections(reader.sections, hash));
  reader.checkFinal(stored.sha256);
  const records = Object.values(stored.counts).reduce((sum, count) => sum + count, 0);
  return { counts: stored.counts, records, rowsHash: hash.digest() };
}
