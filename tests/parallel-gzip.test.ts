// A backup compresses on several threads, one gzip member per block. What comes out must be one
// gzip file that any gunzip reads back whole, in order, and the same bytes in must give the same
// file whatever chunks they arrive in: a backup's checksum depends on the data only.
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { ParallelGzip } from "@/lib/snapshot/parallel-gzip";
import { random } from "./support/converter-test-data";

const blockBytes = 4096;

/** `bytes` pseudo-random bytes that compress somewhat, like text does. */
function data(bytes: number, seed = 1): Buffer {
  const next = random(seed);
  return Buffer.from(Array.from({ length: bytes }, () => 97 + Math.floor(next() * next() * 26)));
}

/** `input` cut into chunks of random sizes up to `maxChunk`. */
function chunked(input: Buffer, maxChunk: number, seed: number): Buffer[] {
  const next = random(seed);
  const chunks: Buffer[] = [];
  for (let start = 0; start < input.length;) {
    const end = Math.min(input.length, start + 1 + Math.floor(next() * maxChunk));
    chunks.push(input.subarray(start, end));
    start = end;
  }
  return chunks;
}

async function compress(chunks: Buffer[], options: Partial<ConstructorParameters<typeof ParallelGzip>[0]> = {}) {
  const output: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    new ParallelGzip({ level: 1, blockBytes, parallel: 3, ...options }),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output.push(chunk);
        callback();
      },
    }),
  );
  return { file: Buffer.concat(output), members: output.length };
}

describe("parallel gzip", () => {
  test.each([
    ["less than a block", blockBytes - 1],
    ["exactly one block", blockBytes],
    ["several blocks and a rest", 7 * blockBytes + 123],
    ["exactly several blocks", 5 * blockBytes],
  ])("%s comes back whole from one gunzip", async (_, bytes) => {
    const input = data(bytes);
    const { file, members } = await compress(chunked(input, 3 * blockBytes, 7));
    expect(members).toBe(Math.ceil(bytes / blockBytes));
    expect(gunzipSync(file).equals(input)).toBe(true);
  });

  test("the same bytes give the same file whatever chunks and threads they come in", async () => {
    const input = data(20 * blockBytes + 77, 3);
    const one = await compress([input]);
    const small = await compress(chunked(input, 100, 5), { parallel: 1 });
    const large = await compress(chunked(input, 5 * blockBytes, 9), { parallel: 4 });
    expect(small.file.equals(one.file)).toBe(true);
    expect(large.file.equals(one.file)).toBe(true);
  });

  test("empty input is one empty gzip member", async () => {
    const { file } = await compress([]);
    expect(gunzipSync(file).length).toBe(0);
  });

  test("a compression failure fails the stream", async () => {
    await expect(compress([data(3 * blockBytes)], { level: 42 })).rejects.toThrow(/level/);
  });
});
