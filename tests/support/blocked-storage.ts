// Storage that fails on purpose, for tests of what a failed backup write leaves behind.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { storagePath } from "./operations";

/**
 * Puts a plain file where the storage folder of `instanceId` should be, so that every write of its
 * backups fails. A folder already there (backups stored earlier) is moved aside meanwhile.
 *
 * Returns `unblock()`, which removes the file and moves that folder's contents back. It may be called
 * more than once (say, in the test and again in its `finally`): only the first call acts, and it keeps
 * a folder found at the path instead of the file, with what it holds.
 */
export function blockStorageOf(instanceId: string): () => void {
  const path = storagePath(instanceId);
  const aside = `${path}.moved-aside`;
  const hadFolder = existsSync(path);
  if (hadFolder) renameSync(path, aside);
  else mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, "not a folder");

  let blocked = true;
  return () => {
    if (!blocked) return;
    blocked = false;
    if (existsSync(path) && statSync(path).isFile()) rmSync(path);
    if (!hadFolder) return;
    if (!existsSync(path)) return renameSync(aside, path);
    for (const name of readdirSync(aside)) renameSync(join(aside, name), join(path, name));
    rmSync(aside, { recursive: true });
  };
}
