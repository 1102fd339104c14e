// Deterministic random data for the snapshot converters' tests, so a failure can be replayed.

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
