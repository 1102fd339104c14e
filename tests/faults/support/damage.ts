// Damaged backups: a stored backup (file, manifest, row) saved once, damaged in place for one
// restore attempt, and put back afterwards.
import { createHash } from "node:crypto";
import { createWriteStream, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { createGzip, gunzipSync, gzipSync } from "node:zlib";
import type { Backup } from "@prisma/client";
import { prisma } from "@/lib/db";
import { manifestKey } from "@/lib/snapshot/format";

export const sha256Of = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** What one attempt changes: the file's bytes, the manifest's text (null: deleted), fields of the row. */
export type Damage = {
  file?: Buffer;
  manifest?: string | null;
  row?: Partial<Pick<Backup, "sha256" | "sizeBytes" | "rawBytes" | "recordCounts">>;
};

export class StoredBackup {
  readonly file: Buffer;
  readonly manifestText: string;
  readonly manifest: Record<string, unknown>;
  private readonly filePath: string;
  private readonly manifestPath: string;

  constructor(
    storageDir: string,
    readonly row: Backup,
  ) {
    this.filePath = join(storageDir, row.storageKey!);
    this.manifestPath = join(storageDir, manifestKey(row.storageKey!));
    this.file = readFileSync(this.filePath);
    this.manifestText = readFileSync(this.manifestPath, "utf8");
    this.manifest = JSON.parse(this.manifestText) as Record<string, unknown>;
  }

  /** The snapshot's decompressed lines (the last one is empty: the file ends with a newline). */
  lines(): string[] {
    return gunzipSync(this.file).toString("utf8").split("\n");
  }

  /** The manifest with `changes` applied, as the writer formats it. */
  manifestWith(changes: Record<string, unknown>): string {
    return JSON.stringify({ ...this.manifest, ...changes }, null, 2);
  }

  /**
   * `file` with the manifest and the row rewritten to match it (size and SHA-256), as someone
   * who recomputed the checksums would leave it: only reading the file itself can tell.
   */
  forged(file: Buffer): Damage {
    const sha256 = sha256Of(file);
    return {
      file,
      manifest: this.manifestWith({ bytes: file.length, sha256 }),
      row: { sha256, sizeBytes: BigInt(file.length) },
    };
  }

  /** The snapshot recompressed from rewritten lines, forged to match. */
  rewritten(edit: (lines: string[]) => string[]): Damage {
    return this.forged(gzipSync(edit(this.lines()).join("\n"), { level: 1 }));
  }

  async apply(damage: Damage): Promise<void> {
    if (damage.file) writeFileSync(this.filePath, damage.file);
    if (damage.manifest === null) rmSync(this.manifestPath);
    else if (damage.manifest !== undefined) writeFileSync(this.manifestPath, damage.manifest);
    if (damage.row) await prisma.backup.update({ where: { id: this.row.id }, data: damage.row });
  }

  async repair(): Promise<void> {
    writeFileSync(this.filePath, this.file);
    writeFileSync(this.manifestPath, this.manifestText);
    const { sha256, sizeBytes, rawBytes, recordCounts } = this.row;
    await prisma.backup.update({ where: { id: this.row.id }, data: { sha256, sizeBytes, rawBytes, recordCounts } });
  }

  /**
   * Writes a decompression bomb over the file: the snapshot's own lines with `padding(i)` bytes
   * of spaces (valid JSON whitespace) inside row i, gzip level 9, and forges manifest and row to
   * match. Counts, checksums and JSON are all right: only a cap on size can stop it. The
   * uncompressed size stays as recorded for the real file, or, `asOlderBackup`, is removed from
   * manifest and row as if the backup predated the field.
   */
  async writeBomb(
    padding: (rowIndex: number) => number,
    options: { asOlderBackup?: boolean } = {},
  ): Promise<{ damage: Damage; inflatedBytes: number }> {
    const gzip = createGzip({ level: 9 });
    const hash = createHash("sha256");
    let bytes = 0;
    gzip.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    const out = createWriteStream(this.filePath);
    gzip.pipe(out);
    const spaces = Buffer.alloc(1 << 20, 0x20);
    const write = async (data: Buffer | string) => {
      if (!gzip.write(data)) await new Promise((resolve) => gzip.once("drain", resolve));
    };
    let inflatedBytes = 0;
    let row = 0;
    for (const line of this.lines().slice(0, -1)) {
      if (!line.startsWith("[")) {
        await write(`${line}\n`);
        inflatedBytes += Buffer.byteLength(line) + 1;
        continue;
      }
      await write("[");
      for (let left = padding(row++); left > 0; left -= spaces.length)
        await write(spaces.subarray(0, Math.min(left, spaces.length)));
      await write(`${line.slice(1)}\n`);
      inflatedBytes += Buffer.byteLength(line) + 1 + padding(row - 1);
    }
    gzip.end();
    await finished(out);
    const sha256 = hash.digest("hex");
    const older = options.asOlderBackup ? { rawBytes: undefined } : {};
    const damage: Damage = {
      manifest: this.manifestWith({ bytes, sha256, ...older }),
      row: { sha256, sizeBytes: BigInt(bytes), ...(options.asOlderBackup ? { rawBytes: null } : {}) },
    };
    return { damage, inflatedBytes };
  }
}
