import "server-only";

/** Rows are encoded into buffers of this many bytes: large enough that gzip works on few, big writes. */
export const lineChunkBytes = 64 * 1024;

/**
 * Rows are joined into strings of about this many characters, then encoded into the current
 * buffer. Short strings die young: a long one being built survives every young-generation GC it
 * spans, and V8 grows its new space with those survivors, so RSS would grow with the instance.
 */
const textChars = 4 * 1024;

/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const maxBytesPerChar = 3;

/**
 * Row arrays as snapshot lines (each row's `JSON.stringify` and a newline), UTF-8 encoded into
 * chunks of whole lines of about `lineChunkBytes`; a row longer than that comes in a chunk of its own.
 */
export async function* encodeRowLines(batches: AsyncIterable<unknown[][]>): AsyncGenerator<Buffer> {
  let chunk = Buffer.allocUnsafe(lineChunkBytes);
  let used = 0;
  let text = "";

  /** Moves `text` into the chunk, first handing the chunk on if `text` might not fit. */
  function* flush(): Generator<Buffer> {
    if (text.length * maxBytesPerChar > lineChunkBytes - used) {
      if (used > 0) {
        yield chunk.subarray(0, used);
        chunk = Buffer.allocUnsafe(lineChunkBytes); // the one handed on now belongs to the reader
        used = 0;
      }
      if (text.length * maxBytesPerChar > lineChunkBytes) {
        yield Buffer.from(text);
        text = "";
        return;
      }
    }
    used += chunk.write(text, used);
    text = "";
  }

  for await (const batch of batches) {
    for (const row of batch) {
      text += `${JSON.stringify(row)}\n`;
      if (text.length >= textChars) yield* flush();
    }
  }
  yield* flush();
  if (used > 0) yield chunk.subarray(0, used);
}
