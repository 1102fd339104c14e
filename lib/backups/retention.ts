import { env } from "../env";

export function expiryFor(createdAt: Date): Date {
  return new Date(createdAt.getTime() + env().BACKUP_RETENTION_DAYS * 86_400_000);
}

/** Each attempt writes its own file, so a worker that lost its lease can never overwrite a good one. */
export function backupFileKey(instanceId: string, backupId: string, attempt: string): string {
  return `${instanceId}/${backupId}-${attempt}.ndjson.gz`;
}

/** The backup id a stored file (or its manifest) belongs to, or null for a key the app did not write. */
export function backupIdOfFileKey(key: string): string | null {
  return /^[^/]+\/([^/-]+)-[0-9a-f]+\.ndjson\.gz(?:\.manifest\.json)?$/.exec(key)?.[1] ?? null;
}
