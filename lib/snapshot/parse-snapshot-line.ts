import { CorruptBackupError } from "./corrupt-backup-error";

/** One line of a snapshot file as JSON; a line that is not JSON makes the file corrupt. */
export function parseSnapshotLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new CorruptBackupError("a line is not valid JSON.");
  }
}
