import "server-only";
import type { Backup } from "@prisma/client";
import type { BackupStorage } from "../storage/backup-storage";
import { manifestKey, snapshotCodec, snapshotFormat, snapshotFormatVersion, type SnapshotManifest } from "./format";
import { CorruptBackupError } from "./corrupt-backup-error";
import type { TableSpec } from "./snapshot-driver";

/** A manifest is a few hundred bytes; anything far larger is not one. */
const maxManifestBytes = 64 * 1024;

async function readManifest(storage: BackupStorage, key: string): Promise<unknown> {
  const stat = await storage.stat(key);
  if (!stat) throw new CorruptBackupError("its manifest is missing from storage.");
  if (stat.bytes > maxManifestBytes) throw new CorruptBackupError("its manifest is not a valid manifest.");
  const chunks: Buffer[] = [];
  for await (const chunk of storage.get(key) as AsyncIterable<Buffer>) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new CorruptBackupError("its manifest is not valid JSON.");
  }
}

const sameCounts = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Before a restore touches anything: the stored file, the manifest written beside it and the
 * Backup row must tell the same story (format, codec, size, SHA-256, tables and record counts).
 * The file's bytes are then checked against the same SHA-256 while they are read.
 */
export async function checkStoredBackup(options: {
  storage: BackupStorage;
  backup: Pick<
    Backup,
    "instanceId" | "storageKey" | "sha256" | "sizeBytes" | "rawBytes" | "recordCounts" | "formatVersion" | "codec"
  >;
  tables: readonly TableSpec[];
}): Promise<{ key: string; sha256: string; bytes: number; rawBytes: number | null; counts: Record<string, number> }> {
  const { storage, backup } = options;
  if (!backup.storageKey || !backup.sha256 || backup.sizeBytes === null || !backup.recordCounts) {
    throw new CorruptBackupError("its record is incomplete.");
  }
  const bytes = Number(backup.sizeBytes);
  const counts = JSON.parse(backup.recordCounts) as Record<string, number>;
  const stat = await storage.stat(backup.storageKey);
  if (!stat) throw new CorruptBackupError("the file is missing from storage.");
  if (stat.bytes !== bytes) throw new CorruptBackupError(`its size is ${stat.bytes} bytes, expected ${bytes}.`);

  const manifest = (await readManifest(storage, manifestKey(backup.storageKey))) as Partial<SnapshotManifest> | null;
  const mismatch = (what: string) => new CorruptBackupError(`its manifest does not match the backup (${what}).`);
  if (typeof manifest !== "object" || manifest === null) throw mismatch("format");
  if (manifest.format !== snapshotFormat || manifest.formatVersion !== snapshotFormatVersion) throw mismatch("format");
  if (manifest.codec !== snapshotCodec || (backup.codec !== null && backup.codec !== manifest.codec))
    throw mismatch("codec");
  if (backup.formatVersion !== null && backup.formatVersion !== manifest.formatVersion) throw mismatch("format");
  if (manifest.instanceId !== backup.instanceId) throw mismatch("instance");
  if (manifest.sha256 !== backup.sha256) throw mismatch("checksum");
  if (manifest.bytes !== bytes) throw mismatch("size");
  const rawBytes = backup.rawBytes === null ? null : Number(backup.rawBytes);
  if ((manifest.rawBytes ?? null) !== rawBytes) throw mismatch("uncompressed size");
  if (typeof manifest.counts !== "object" || manifest.counts === null || !sameCounts(manifest.counts, counts))
    throw mismatch("record counts");
  const expectedTables = options.tables.map((spec) => spec.table).sort();
  if (JSON.stringify(Object.keys(counts).sort()) !== JSON.stringify(expectedTables)) throw mismatch("tables");
  return { key: backup.storageKey, sha256: backup.sha256, bytes, rawBytes, counts };
}
