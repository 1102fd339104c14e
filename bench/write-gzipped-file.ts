import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

/** The baselines' write path: text → gzip-1 → SHA-256 → `file`. Returns the file's size and SHA-256. */
export async function writeGzippedFile(
  text: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
  file: string,
): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(
    Readable.from(text, { objectMode: false }),
    createGzip({ level: 1 }),
    hashing,
    createWriteStream(file),
  );
  return { bytes, sha256: hash.digest("hex") };
}
