import { backupStorage } from "../lib/storage";
import { StorageUnavailableError } from "../lib/storage/backup-storage";

/**
 * Refuses to start a process that would store or read backups when the storage cannot be used (a
 * missing bucket, denied access): one clear line now instead of failed backups later.
 */
export async function requireBackupStorage(): Promise<void> {
  try {
    await backupStorage().checkReachable();
  } catch (error) {
    if (!(error instanceof StorageUnavailableError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
