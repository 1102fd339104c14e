import "server-only";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { prisma } from "../db";
import { isUniqueViolation } from "../errors";
import { type BackupStorage, ObjectExistsError } from "./backup-storage";

/** The object that names a storage; it is never a backup file, so the sweep leaves it alone. */
export const storageMarkerKey = "backup-center-storage.json";
const settingKey = "storage.id";

/** The storage reached is not the one this database's backups live in (e.g. a wrong mount). */
export class StorageMismatchError extends Error {
  constructor(detail: string) {
    super(`The backup storage is not the one this database uses: ${detail}`);
    this.name = "StorageMismatchError";
  }
}

async function readMarker(storage: BackupStorage): Promise<string | null> {
  if (!(await storage.stat(storageMarkerKey))) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of storage.get(storageMarkerKey) as AsyncIterable<Buffer>) chunks.push(chunk);
  try {
    const id = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { storageId?: unknown }).storageId;
    return typeof id === "string" ? id : "";
  } catch {
    return "";
  }
}

/** Writes the marker; when another process wrote one first (a create-only store), it must agree. */
async function writeMarker(storage: BackupStorage, storageId: string): Promise<void> {
  try {
    await storage.put(storageMarkerKey, Readable.from([JSON.stringify({ storageId })]));
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
    if ((await readMarker(storage)) !== storageId)
      throw new StorageMismatchError("its marker names another installation.");
  }
}

/**
 * Checks that `storage` is this database's backup storage before anything acts on its listing:
 * the first use writes a marker naming a fresh id and records the id in the database; later uses
 * require the marker to name that id. A missing or different marker throws, so a sweep pointed at
 * the wrong directory or bucket refuses instead of marking good backups missing.
 */
export async function checkStorageIdentity(storage: BackupStorage): Promise<void> {
  const recorded = await prisma.appSetting.findUnique({ where: { key: settingKey } });
  const marker = await readMarker(storage);
  if (recorded) {
    if (marker === null) {
      // Another process recorded the id and is about to write the marker (a fresh start with
      // several workers): while no backup was ever stored, writing the same marker is safe.
      const stored = await prisma.backup.count({ where: { storageKey: { not: null } } });
      if (stored > 0) throw new StorageMismatchError("its marker file is missing.");
      await writeMarker(storage, recorded.value);
      return;
    }
    if (marker !== recorded.value) throw new StorageMismatchError("its marker names another installation.");
    return;
  }
  if (marker === "") throw new StorageMismatchError("its marker file is unreadable.");
  // The database's record goes first, so processes marking at once all write the winning id. A
  // storage already marked (this database was recreated beside it) is adopted.
  await prisma.appSetting
    .create({ data: { key: settingKey, value: marker ?? randomUUID() } })
    .catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
    });
  const winner = await prisma.appSetting.findUniqueOrThrow({ where: { key: settingKey } });
  if (marker === null) {
    await writeMarker(storage, winner.value);
  } else if (marker !== winner.value) {
    throw new StorageMismatchError("its marker names another installation.");
  }
}
