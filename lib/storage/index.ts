import "server-only";
import { backupStorageDir, s3StorageConfig } from "../env";
import type { BackupStorage } from "./backup-storage";
import { LocalDiskStorage } from "./local-disk-storage";
import { S3Storage } from "./s3-storage";

let storage: BackupStorage | undefined;

/** The configured backup storage: the bucket BACKUP_STORAGE_URL names, else BACKUP_STORAGE_DIR. */
export function backupStorage(): BackupStorage {
  const bucket = s3StorageConfig();
  storage ??= bucket ? new S3Storage(bucket) : new LocalDiskStorage(backupStorageDir());
  return storage;
}
