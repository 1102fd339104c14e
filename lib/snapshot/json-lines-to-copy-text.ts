import "server-only";
import { isUtf8 } from "node:buffer";
import { isIsoDateTimeBytes, utcTimestamp } from "./iso-date-time";
import { maxInt } from "./row-value-problem";
import type { ColumnValueType } from "./snapshot-driver";

// Snapshot row lines turned into PostgreSQL's COPY text format, for an instance's own table (a
// restore) or a staging table (a test restore). Lines in the form `JSON.stringify` writes (every
// line a backup holds) are converted and checked in one pass over their bytes; any other line is
// parsed and checked the general way, so every line gets exactly the COPY text and the verdict it
// would get from JSON.parse and rowValueProblem.

const tab = 0x09;
const newline = 0x0a;
const quote = 0x22;
const comma = 0x2c;
const minus = 0x2d;
const zero = 0x30;
const nine = 0x39;
const backslash = 0x5c;
const openBracket = 0x5b;
const closeBracket = 0x5d;

const copyReserved = /[\\\t\n\r]/;
const everyCopyReserved = new RegExp(copyReserved.source, "g");
const copyEscapes: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One value in COPY's text format: \N for NULL, backslash escapes for the characters it reserves. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value !== "string") return String(value);
  // Most text has nothing to escape: one test instead of a replace per value.
  return copyReserved.test(value) ? value.replace(everyCopyReserved, (c) => copyEscapes[c]!) : value;
}

/**
 * Which table COPY text is for. An instance's own table: each row starts with the instance's id,
 * and dates are written in UTC (its date columns have no time zone). A staging table (null): the
 * row's values only, dates as written (its date columns keep the zone).
 */
export type CopyTextTable = { instanceId: string; types: readonly ColumnValueType[] } | null;

/** A row (already checked) as one line of COPY text for `table`. */
export function copyTextRow(row: readonly unknown[], table: CopyTextTable): string {
  if (!table) return `${row.map(copyValue).join("\t")}\n`;
  const values = row.map((value, i) =>
    table.types[i]!.type === "datetime" && typeof value === "string" ? utcTimestamp(value) : copyValue(value),
  );
  return `${copyValue(table.instanceId)}\t${values.join("\t")}\n`;
}

/**
 * What follows a backslash in COPY text for each JSON escape letter; a raw byte where COPY takes
 * the character as it is (as copyValue leaves it).
 */
const escapeLetters: (number[] | undefined)[] = Array.from({ length: 128 }, (_, byte) => {
  const copy = {
    '"': [quote],
    "\\": [backslash, backslash],
    "/": [0x2f],
    b: [0x08],
    f: [0x0c],
    n: [backslash, 0x6e],
    r: [backslash, 0x72],
    t: [backslash, 0x74],
  }[String.fromCharCode(byte)];
  return copy;
});

/** A control character written as \u00XX in JSON, as copyValue writes it. */
const controlCopyText: number[][] = Array.from({ length: 0x20 }, (_, byte) => {
  const escaped = { 0x09: 0x74, 0x0a: 0x6e, 0x0d: 0x72 }[byte];
  return escaped === undefined ? [byte] : [backslash, escaped];
});

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= zero && byte <= nine) return byte - zero;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Whether the date ending at `end` is in UTC: "Z", "+00:00" or "-00:00" (as a backup writes dates). */
function inUtc(input: Buffer, end: number): boolean {
  if (input[end - 1] === 0x5a) return true;
  return (
    input[end - 1] === zero &&
    input[end - 2] === zero &&
    input[end - 3] === 0x3a &&
    input[end - 4] === zero &&
    input[end - 5] === zero
  );
}

/** How the single pass writes rows for a table: what goes in front of each, and whether dates must be in UTC already. */
type RowForm = { prefix: Buffer; utcDates: boolean };

/**
 * Writes the line in `input[start, end)` (its newline excluded) as a COPY text row into `out` at
 * `o`, if it is in `JSON.stringify`'s form and its values fit `types`; returns where the row ends
 * in `out`, or -1 for any other line (which may still be valid JSON, or may not fit, or hold a
 * date to convert). `input` must be valid UTF-8. A row's COPY text is never longer than its line
 * and the prefix.
 */
function writeCopyRow(
  input: Buffer,
  start: number,
  end: number,
  out: Buffer,
  o: number,
  types: readonly ColumnValueType[],
  form: RowForm,
): number {
  if (input[start] !== openBracket) return -1;
  o += form.prefix.copy(out, o);
  let at = start + 1;
  for (let column = 0; column < types.length; column++) {
    if (column > 0) {
      if (input[at] !== comma) return -1;
      out[o++] = tab;
      at++;
    }
    const { type, nullable } = types[column]!;
    const first = input[at];
    if (first === 0x6e) {
      // null
      if (!nullable || input[at + 1] !== 0x75 || input[at + 2] !== 0x6c || input[at + 3] !== 0x6c) return -1;
      out[o++] = backslash;
      out[o++] = 0x4e; // N
      at += 4;
    } else if (type === "int") {
      const negative = first === minus;
      const digitsStart = negative ? at + 1 : at;
      let value = 0;
      at = digitsStart;
      while (at < end && input[at]! >= zero && input[at]! <= nine && at - digitsStart < 11) {
        value = value * 10 + input[at]! - zero;
        at++;
      }
      const digits = at - digitsStart;
      // JSON.stringify writes no leading zero, no "-0", no fraction or exponent (the next byte is checked below).
      if (digits === 0 || (input[digitsStart] === zero && (digits > 1 || negative))) return -1;
      if (value > (negative ? maxInt + 1 : maxInt)) return -1;
      for (let i = digitsStart - (negative ? 1 : 0); i < at; i++) out[o++] = input[i]!;
    } else {
      if (first !== quote) return -1;
      const textStart = ++at;
      if (type === "datetime") {
        // A date is plain ASCII: no escape can be part of one that passes.
        while (at < end && input[at] !== quote) at++;
        if (at >= end || !isIsoDateTimeBytes(input, textStart, at)) return -1;
        if (form.utcDates && !inUtc(input, at)) return -1; // utcTimestamp converts it
        for (let i = textStart; i < at; i++) out[o++] = input[i]!;
        at++;
      } else {
        for (;;) {
          if (at >= end) return -1;
          const byte = input[at++]!;
          if (byte === quote) break;
          if (byte >= 0x20 && byte !== backslash) {
            out[o++] = byte;
            continue;
          }
          if (byte !== backslash) return -1; // a raw control character: not JSON
          const letter = input[at++]!;
          let copy = escapeLetters[letter];
          if (letter === 0x75) {
            // \u00XX for a control character other than NUL, as JSON.stringify writes them; other
            // \u escapes (or an invalid one) go the general way.
            if (input[at] !== zero || input[at + 1] !== zero) return -1;
            const high = hexValue(input[at + 2]);
            const low = hexValue(input[at + 3]);
            if (high < 0 || high > 1 || low < 0 || high * 16 + low === 0 || at + 4 > end) return -1;
            copy = controlCopyText[high * 16 + low];
            at += 4;
          }
          if (!copy) return -1;
          for (let i = 0; i < copy.length; i++) out[o++] = copy[i]!;
        }
      }
    }
  }
  if (input[at] !== closeBracket || at + 1 !== end) return -1;
  out[o++] = newline;
  return o;
}

/**
 * Snapshot row lines (each ending in a newline) as COPY text rows for `table`. `general` gives one
 * line's COPY text the general way (parse, check, convert), throwing for a line that does not
 * pass; it gets every line the single pass does not take.
 */
export function jsonLinesToCopyText(
  lines: Buffer,
  types: readonly ColumnValueType[],
  table: CopyTextTable,
  general: (start: number, end: number) => string,
): Buffer {
  // Bytes that are not UTF-8 decode to U+FFFD in the general way; only valid text takes the single pass.
  const utf8 = isUtf8(lines);
  const form: RowForm = {
    prefix: Buffer.from(table ? `${copyValue(table.instanceId)}\t` : ""),
    utcDates: table !== null,
  };
  let out = Buffer.allocUnsafe(lines.length + (form.prefix.length > 0 ? lines.length >> 2 : 0));
  let o = 0;
  /** Makes room for `bytes` more (the general way may write more than the line held: 1e9 is 1000000000). */
  const reserve = (bytes: number) => {
    if (out.length - o >= bytes) return;
    const larger = Buffer.allocUnsafe(Math.max(o + bytes, out.length + (out.length >> 1)));
    out.copy(larger, 0, 0, o);
    out = larger;
  };
  let start = 0;
  for (let end = lines.indexOf(newline); end !== -1; end = lines.indexOf(newline, start)) {
    reserve(end - start + 1 + form.prefix.length);
    const written = utf8 ? writeCopyRow(lines, start, end, out, o, types, form) : -1;
    if (written !== -1) {
      o = written;
    } else {
      const text = general(start, end);
      reserve(Buffer.byteLength(text));
      o += out.write(text, o);
    }
    start = end + 1;
  }
  return out.subarray(0, o);
}
