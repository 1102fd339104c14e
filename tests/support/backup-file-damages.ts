// Ways a stored backup file gets damaged, as disks and operators damage them.
import { readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";

export const backupFileDamages: [string, (path: string) => void][] = [
  [
    "a flipped byte in the middle",
    (path) => {
      const bytes = readFileSync(path);
      bytes[bytes.length >> 1] ^= 0xff;
      writeFileSync(path, bytes);
    },
  ],
  ["a file cut to half its size", (path) => truncateSync(path, readFileSync(path).length >> 1)],
  ["a file missing from storage", (path) => rmSync(path)],
];
