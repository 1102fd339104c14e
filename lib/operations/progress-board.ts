import "server-only";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { env } from "../env";

/**
 * Progress that stays readable while the database is write-locked. A restore's apply phase holds
 * SQLite's only write lock until it commits, so the worker can't update the Operation row then;
 * it posts progress here instead and readers take the higher of the two. On a server database
 * the row itself can be updated from a second connection, and this becomes a pass-through.
 */
export interface ProgressBoard {
  post(operationId: string, percent: number): void;
  read(operationId: string): number | null;
  clear(operationId: string): void;
}

/** One small file per operation under DATA_DIR, written atomically (temp file, then rename). */
class FileProgressBoard implements ProgressBoard {
  constructor(private readonly dir: string) {}

  private pathOf(operationId: string): string {
    // Operation ids are cuids; anything else never becomes a path.
    if (!/^[a-z0-9]{1,64}$/.test(operationId)) throw new Error(`Invalid operation id: ${operationId}`);
    return join(this.dir, operationId);
  }

  post(operationId: string, percent: number): void {
    const path = this.pathOf(operationId);
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(`${path}.tmp`, String(Math.max(0, Math.min(100, Math.floor(percent)))));
    renameSync(`${path}.tmp`, path);
  }

  read(operationId: string): number | null {
    try {
      const value = Number(readFileSync(this.pathOf(operationId), "utf8"));
      return Number.isFinite(value) ? value : null;
    } catch {
      return null;
    }
  }

  clear(operationId: string): void {
    rmSync(this.pathOf(operationId), { force: true });
  }
}

let board: ProgressBoard | undefined;

export function progressBoard(): ProgressBoard {
  board ??= new FileProgressBoard(join(env().DATA_DIR, "progress"));
  return board;
}

/** An operation's progress as readers should show it: the row's, or the board's while it runs. */
export function currentProgress(operation: { id: string; status: string; progress: number }): number {
  if (operation.status !== "Running") return operation.progress;
  return Math.max(operation.progress, progressBoard().read(operation.id) ?? 0);
}
