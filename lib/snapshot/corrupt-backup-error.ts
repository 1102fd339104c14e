/** A backup file that cannot be trusted: wrong checksum, wrong format, truncated or inconsistent. */
export class CorruptBackupError extends Error {
  constructor(reason: string) {
    super(`The backup file failed verification: ${reason}`);
    this.name = "CorruptBackupError";
  }
}
