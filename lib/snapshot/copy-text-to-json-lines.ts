import "server-only";
import { maxLineBytes } from "./format";
import type { ColumnType } from "../records/entities";
import type { TableSpec } from "./snapshot-driver";

// PostgreSQL's COPY text format (what `COPY … TO STDOUT` writes with DateStyle ISO) turned into
// snapshot lines, byte for byte what `JSON.stringify` writes for the same row. Converting here,
// one pass over the bytes, costs the database server nothing beyond a plain COPY, which on two
// cores is the backup's slowest stage.

const tab = 0x09;
const newline = 0x0a;
const backslash = 0x5c;
const quote = 0x22;
const space = 0x20;
const dot = 0x2e;

/** Output chunks hold whole lines and are about this large. */
const outputChunkBytes = 256 * 1024;

/**
 * A COPY text line's worst growth: one raw control byte becomes six (`\u001f`); per column at
 * most 14 bytes more (a date's quotes, "T", ".000" and "+00:00"), and a line's brackets.
 */
const maxGrowth = (lineBytes: number, columns: number) => lineBytes * 6 + columns * 14 + 2;

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** How `JSON.stringify` writes each byte that COPY leaves raw but JSON must escape. */
const jsonEscapes: (number[] | undefined)[] = Array.from({ length: 128 }, (_, byte) => {
  if (byte === quote) return ascii('\\"');
  if (byte >= 0x20) return undefined;
  const short = { 0x08: "\\b", 0x09: "\\t", 0x0a: "\\n", 0x0c: "\\f", 0x0d: "\\r" }[byte];
  return ascii(short ?? `\\u${byte.toString(16).padStart(4, "0")}`);
});

/** COPY's backslash sequences (the letter after the backslash) as JSON escapes. */
const copyEscapes: (number[] | undefined)[] = Array.from({ length: 128 }, (_, byte) => {
  const json = { "\\": "\\\\", b: "\\b", f: "\\f", n: "\\n", r: "\\r", t: "\\t", v: "\\u000b" }[
    String.fromCharCode(byte)
  ];
  return json === undefined ? undefined : ascii(json);
});

const nullJson = ascii("null");
const utcSuffix = ascii('+00:00"');

function unexpected(table: string, what: string): Error {
  return new Error(`Unexpected ${what} in the COPY output of ${table}.`);
}

/** Converts COPY text lines into JSON lines, one output buffer at a time. */
class LineWriter {
  private out: Buffer = Buffer.allocUnsafe(outputChunkBytes);
  private used = 0;

  constructor(
    private readonly table: string,
    private readonly types: readonly ColumnType[],
  ) {}

  /** Bytes written since the last hand-over. */
  get written(): number {
    return this.used;
  }

  /** Hands on what is written (undefined if nothing) and starts a buffer of at least `bytes`. */
  takeWritten(bytes = outputChunkBytes): Buffer | undefined {
    const full = this.used > 0 ? this.out.subarray(0, this.used) : undefined;
    this.out = Buffer.allocUnsafe(Math.max(outputChunkBytes, bytes));
    this.used = 0;
    return full;
  }

  /** Hands on what is written when the next line might not fit, with room for that line. */
  makeRoom(lineBytes: number): Buffer | undefined {
    const needed = maxGrowth(lineBytes, this.types.length);
    return this.out.length - this.used >= needed ? undefined : this.takeWritten(needed);
  }

  private put(bytes: readonly number[]): void {
    for (const byte of bytes) this.out[this.used++] = byte;
  }

  /** Writes the row in `input[start, end)` (its newline excluded) as one snapshot line. */
  line(input: Buffer, start: number, end: number): void {
    const { out, types } = this;
    out[this.used++] = 0x5b; // [
    let at = start;
    for (let column = 0; column < types.length; column++) {
      if (column > 0) {
        if (input[at] !== tab) throw unexpected(this.table, "column count");
        out[this.used++] = 0x2c; // ,
        at++;
      }
      if (input[at] === backslash && input[at + 1] === 0x4e && (at + 2 === end || input[at + 2] === tab)) {
        this.put(nullJson); // \N
        at += 2;
      } else if (types[column] === "text") {
        at = this.text(input, at, end);
      } else {
        at = types[column] === "int" ? this.digits(input, at, end) : this.date(input, at, end);
      }
    }
    if (at !== end) throw unexpected(this.table, "column count");
    out[this.used++] = 0x5d; // ]
    out[this.used++] = newline;
  }

  /** Copies a number from `start`; returns where its field ends. */
  private digits(input: Buffer, start: number, end: number): number {
    const { out } = this;
    let i = start;
    for (; i < end && input[i] !== tab; i++) out[this.used++] = input[i]!;
    return i;
  }

  /** Writes the text field at `start` as a JSON string; returns where the field ends. */
  private text(input: Buffer, start: number, end: number): number {
    const { out } = this;
    out[this.used++] = quote;
    let i = start;
    for (; i < end; i++) {
      const byte = input[i]!;
      if (byte > quote && byte !== backslash) {
        out[this.used++] = byte;
      } else if (byte === tab) {
        break;
      } else if (byte === backslash) {
        const escape = copyEscapes[input[++i]!];
        if (!escape || i >= end) throw unexpected(this.table, "escape");
        this.put(escape);
      } else {
        const escape = jsonEscapes[byte];
        if (escape) this.put(escape);
        else out[this.used++] = byte;
      }
    }
    out[this.used++] = quote;
    return i;
  }

  /**
   * Writes the date at `start`, "2024-02-29 12:34:56.78" in ISO DateStyle (trailing zeros
   * dropped), as "2024-02-29T12:34:56.780+00:00"; returns where its field ends. Tables hold
   * milliseconds; staged dates may have microseconds, which are kept. Anything else (BC,
   * infinity) is refused rather than written differently from the other databases.
   */
  private date(input: Buffer, start: number, end: number): number {
    const { out } = this;
    // One pass for the field's end and the space between date and time (no native call per date).
    let gap = -1;
    let fieldEnd = start;
    for (; fieldEnd < end; fieldEnd++) {
      const byte = input[fieldEnd];
      if (byte === tab) break;
      if (byte === space && gap === -1) gap = fieldEnd;
    }
    const fractionBytes = fieldEnd - (gap + 9); // after "HH:MM:SS"
    const valid =
      gap - start >= 10 &&
      fractionBytes >= 0 &&
      fractionBytes <= 7 &&
      (fractionBytes === 0 || (fractionBytes > 1 && input[gap + 9] === dot));
    if (!valid) throw unexpected(this.table, "date");
    out[this.used++] = quote;
    for (let i = start; i < gap; i++) out[this.used++] = input[i]!;
    out[this.used++] = 0x54; // T
    for (let i = gap + 1; i < fieldEnd; i++) out[this.used++] = input[i]!;
    if (fractionBytes === 0) out[this.used++] = dot;
    for (let digits = Math.max(fractionBytes - 1, 0); digits < 3; digits++) out[this.used++] = 0x30;
    this.put(utcSuffix);
    return fieldEnd;
  }
}

/**
 * COPY text chunks of one table's rows as snapshot lines, in chunks of whole lines. A row whose
 * COPY text alone passes `maxLineBytes` is handed on unended, for the engine to refuse (its JSON
 * line is longer still), instead of being gathered whole.
 */
export async function* copyTextToJsonLines(chunks: AsyncIterable<Buffer>, spec: TableSpec): AsyncGenerator<Buffer> {
  const writer = new LineWriter(
    spec.table,
    spec.valueTypes.map(({ type }) => type),
  );
  // The unfinished row's bytes, gathered as they come and joined once its newline arrives.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    if (pendingBytes > 0 && chunk.indexOf(newline) === -1) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > maxLineBytes) {
        yield Buffer.concat(pending, pendingBytes);
        return;
      }
      continue;
    }
    const input = pendingBytes > 0 ? Buffer.concat([...pending, chunk]) : chunk;
    let start = 0;
    for (let end = input.indexOf(newline); end !== -1; end = input.indexOf(newline, start)) {
      const full = writer.makeRoom(end - start);
      if (full) yield full;
      writer.line(input, start, end);
      start = end + 1;
    }
    pending = start < input.length ? [input.subarray(start)] : [];
    pendingBytes = input.length - start;
    if (pendingBytes > maxLineBytes) {
      yield pending[0]!;
      return;
    }
    if (writer.written >= outputChunkBytes / 2) yield writer.takeWritten()!;
  }
  if (pendingBytes > 0) throw unexpected(spec.table, "end of data");
  const last = writer.takeWritten();
  if (last) yield last;
}
