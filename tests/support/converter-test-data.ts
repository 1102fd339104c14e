// What the snapshot converters' tests feed them: one table's columns, and deterministic random
// data so a failure can be replayed.
import type { TableSpec } from "@/lib/snapshot/snapshot-driver";

/** A table with a column of each kind, nullable and not. */
export const spec: TableSpec = {
  table: "Account",
  columns: ["id", "name", "createdAt", "parentId"],
  valueTypes: [
    { type: "int", nullable: false },
    { type: "text", nullable: true },
    { type: "datetime", nullable: false },
    { type: "int", nullable: true },
  ],
};

/** Numbers in [0, 1), the same sequence for the same seed. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

// Every ASCII character but NUL (no PostgreSQL text holds it), and characters of 2, 3 and 4 UTF-8 bytes.
const alphabet = [...Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)), "é", "中", "\u2028", "🚀"];

/** Up to 39 characters drawn from that alphabet. */
export function randomText(next: () => number): string {
  const pick = (n: number) => Math.floor(next() * n);
  return Array.from({ length: pick(40) }, () => alphabet[pick(alphabet.length)]).join("");
}
