// What is in backup storage, and whether a stored backup is what its Backup row says it is,
// read independently of the app's own reader.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { manifestKey, snapshotFormat, snapshotFormatVersion } from "@/lib/snapshot/format";
import { entities } from "@/lib/records/entities";
import { storageMarkerKey } from "@/lib/storage/storage-identity";
import type { BackupRow } from "./world-database";

/** What a Backup row says of its file, read raw (world-database.ts) or through Prisma (sizeBytes a bigint). */
export type BackupFacts = Pick<BackupRow, "id" | "status" | "storageKey" | "sha256" | "recordCounts"> & {
  sizeBytes: number | bigint | null;
};

/** Every file under the storage directory but the storage's own marker, as storage keys ("instance/file"), sorted. */
export function storedFiles(storageDir: string): string[] {
  if (!existsSync(storageDir)) return [];
  return readdirSync(storageDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !(entry.parentPath === storageDir && entry.name === storageMarkerKey))
    .map((entry) => join(entry.parentPath, entry.name).slice(storageDir.length + 1))
    .sort();
}

/** Files a write left behind before it completed (LocalDiskStorage's temporary names). */
export const isPartialFile = (key: string) => key.includes(".partial-");

/** The stored files of one backup: its data file, manifest and any temporary file, of any attempt. */
export const filesOfBackup = (storageDir: string, backupId: string) =>
  storedFiles(storageDir).filter((key) => key.split("/").pop()!.startsWith(`${backupId}-`));

/** The files storage should hold for these backups: each Succeeded one's file and manifest. */
export const expectedFiles = (backups: BackupFacts[]) =>
  backups
    .filter((b) => b.status === "Succeeded" && b.storageKey)
    .flatMap((b) => [b.storageKey!, manifestKey(b.storageKey!)])
    .sort();

/**
 * Re-reads a Succeeded backup: size and SHA-256 against the row, the manifest beside it, and the
 * whole file decoded (header, one section per table with its columns, rows, trailer counts).
 * Returns what is wrong; empty when the backup is sound.
 */
export function verifyStoredBackup(storageDir: string, backup: BackupFacts): string[] {
  const problems: string[] = [];
  const where = `backup ${backup.id}`;
  if (!backup.storageKey || !backup.sha256 || backup.sizeBytes === null || !backup.recordCounts)
    return [`${where} is Succeeded without storageKey/sha256/size/counts`];
  const path = join(storageDir, backup.storageKey);
  if (!existsSync(path)) return [`${where}: file ${backup.storageKey} is missing`];
  const file = readFileSync(path);
  if (file.length !== Number(backup.sizeBytes))
    problems.push(`${where}: size ${file.length}, row says ${backup.sizeBytes}`);
  const sha256 = createHash("sha256").update(file).digest("hex");
  if (sha256 !== backup.sha256) problems.push(`${where}: SHA-256 differs from the row`);
  const counts = JSON.parse(backup.recordCounts) as Record<string, number>;

  const manifestPath = join(storageDir, manifestKey(backup.storageKey));
  if (!existsSync(manifestPath)) problems.push(`${where}: manifest is missing`);
  else {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
      sha256: string;
      bytes: number;
      counts: object;
    };
    if (manifest.sha256 !== sha256 || manifest.bytes !== file.length)
      problems.push(`${where}: manifest says ${manifest.bytes} bytes / ${manifest.sha256}`);
    if (JSON.stringify(manifest.counts) !== JSON.stringify(counts)) problems.push(`${where}: manifest counts differ`);
  }

  let lines: string[];
  try {
    lines = gunzipSync(file).toString("utf8").split("\n");
  } catch (error) {
    return [...problems, `${where}: does not decompress (${(error as Error).message})`];
  }
  if (lines.pop() !== "") problems.push(`${where}: last line has no newline`);
  let at = 0;
  const parse = (line: string | undefined) => {
    try {
      return JSON.parse(line ?? "null") as unknown;
    } catch {
      problems.push(`${where}: line ${at} is not JSON`);
      return null;
    }
  };
  const header = parse(lines[at++]) as { format?: string; version?: number } | null;
  if (header?.format !== snapshotFormat || header.version !== snapshotFormatVersion)
    problems.push(`${where}: bad header`);
  for (const { table, columns } of entities) {
    const section = parse(lines[at++]) as { table?: string; columns?: string[] } | null;
    if (section?.table !== table || JSON.stringify(section.columns) !== JSON.stringify(columns.map((c) => c.name))) {
      problems.push(`${where}: expected the ${table} section at line ${at}`);
      return problems;
    }
    let rows = 0;
    while (lines[at]?.startsWith("[")) {
      const row = parse(lines[at++]);
      if (!Array.isArray(row) || row.length !== columns.length)
        problems.push(`${where}: bad ${table} row at line ${at}`);
      rows++;
    }
    if (rows !== counts[table]) problems.push(`${where}: ${rows} ${table} rows, row says ${counts[table]}`);
  }
  const trailer = parse(lines[at++]) as { trailer?: boolean; counts?: object } | null;
  if (trailer?.trailer !== true || JSON.stringify(trailer.counts) !== JSON.stringify(counts))
    problems.push(`${where}: bad trailer`);
  if (at !== lines.length) problems.push(`${where}: ${lines.length - at} lines after the trailer`);
  return problems;
}
