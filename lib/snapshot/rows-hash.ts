import { createHash } from "node:crypto";
import type { RestoreSection } from "./snapshot-driver";

/**
 * SHA-256 over decoded rows (table by table, in the order they come), independent of how the
 * file was compressed: a test restore compares what it read from the file with what it staged.
 */
export class RowsHash {
  private readonly hash = createHash("sha256");

  update(table: string, row: readonly unknown[]) {
    this.hash.update(`${table}\t${JSON.stringify(row)}\n`);
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}

/** Passes `sections` on unchanged, adding every row to `hash` as it goes by. */
export async function* hashedSections(
  sections: AsyncIterable<RestoreSection>,
  hash: RowsHash,
): AsyncGenerator<RestoreSection> {
  for await (const section of sections) {
    const table = section.spec.table;
    async function* lines() {
      for await (const batch of section.lines) {
        for (const row of batch.rows()) hash.update(table, row);
        yield batch;
      }
    }
    yield { spec: section.spec, lines: lines() };
  }
}
