import { env } from "../env";

export function expiryFor(createdAt: Date): Date {
  return new Date(createdAt.getTime() + env().BACKUP_RETENTION_DAYS * 86_400_000);
}

export function backupFileKey(instanceId: string, backupId: string): string {
  return `${instanceId}/${backupId}.ndjson.gz`;
}
