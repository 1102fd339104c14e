// A small, really full disk: a tmpfs mounted over a folder (the suite runs as root). Where
// mounting is refused (no CAP_SYS_ADMIN), callers fall back to faulty-fs.ts's byte budget.
import { execFileSync } from "node:child_process";
import { mkdirSync, statfsSync } from "node:fs";
import { faultSettings } from "./settings";

/** Mounts a tmpfs of `bytes` over `dir`; returns why not if the system refuses. */
export function mountTmpfs(dir: string, bytes: number): { mounted: true } | { mounted: false; reason: string } {
  mkdirSync(dir, { recursive: true });
  if (!faultSettings.mountTmpfs) return { mounted: false, reason: "FAULT_TMPFS=off" };
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${bytes},mode=0700`, "tmpfs", dir], { stdio: "pipe" });
    return { mounted: true };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { mounted: false, reason: stderr || (error as Error).message };
  }
}

export function unmount(dir: string): void {
  execFileSync("umount", [dir], { stdio: "pipe" });
}

/** Bytes still free for writing on the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}
