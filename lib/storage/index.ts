import "server-only";
import { backupStorageDir } from "../env";
import type { BackupStorage } from "./backup-storage";
import { LocalDiskStorage } from "./local-disk-storage";

let storage: BackupStorage | undefined;

/** The configured backup storage (local disk under BACKUP_STORAGE_DIR). */
export function backupStorage(): BackupStorage {
  storage ??= new LocalDiskStorage(backupStorageDir());
  return storage;
}
