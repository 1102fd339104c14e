// The snapshot file format, version 1: gzip-compressed NDJSON (one gzip member or several in a row,
// which every gunzip reads as one stream).
//   line 1        {"format":"backup-center/snapshot","version":1, ...header}
//   per entity    {"table":"Account","columns":["id","name",...]} then one JSON array per row
//   last line     {"trailer":true,"counts":{"Account":123,...}}
// Rows are arrays in column order (no repeated keys). The file holds only the data, never which
// instance it came from or when: it restores into any instance with the same record ids and
// relations, and the same data always gives the same bytes and checksum. Those facts live in the manifest.

export const snapshotFormat = "backup-center/snapshot";
export const snapshotFormatVersion = 1;
export const snapshotCodec = "ndjson+gzip-1";
export const gzipLevel = 1;

/**
 * No line of a snapshot may be longer: far above any record the product writes, and a bound on
 * what a restore holds in memory for one line, whatever the file claims.
 */
export const maxLineBytes = 32 * 1024 * 1024;

export type SnapshotHeader = {
  format: typeof snapshotFormat;
  version: typeof snapshotFormatVersion;
  instanceVersion: string;
  tables: string[];
};

/** Stored beside the backup file and in the Backup row: what a restore checks before it starts. */
export type SnapshotManifest = {
  format: typeof snapshotFormat;
  formatVersion: typeof snapshotFormatVersion;
  codec: typeof snapshotCodec;
  instanceId: string;
  instanceVersion: string;
  takenAt: string;
  counts: Record<string, number>;
  bytes: number;
  /** Bytes before compression (files written before this field have none). */
  rawBytes?: number;
  sha256: string;
};

export function manifestKey(fileKey: string): string {
  return `${fileKey}.manifest.json`;
}

/** Everything stored for one backup: its file and the manifest beside it. */
export function backupFileKeys(fileKey: string): [string, string] {
  return [fileKey, manifestKey(fileKey)];
}
