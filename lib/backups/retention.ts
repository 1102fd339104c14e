import { env } from "../env";

export function expiryFor(createdAt: Date): Date {
  return new Date(createdAt.getTime() + env().BACKUP_RETENTION_DAYS * 86_400_000);
}

/** Each attempt writes its own file, so a worker that lost its lease can never overwrite a good one. */
export function backupFileKey(instanceId: string, backupId: string, attempt: string): string {
  return `${instanceId}/${backupId}-${attempt}.ndjson.gz`;
}
