// The PostgreSQL driver's converter from COPY text to snapshot lines must write exactly what
// `JSON.stringify` writes, whatever the text holds and however the COPY stream is cut into chunks.
// The same bytes from a real server are checked by the cross-database snapshot test.
import { describe, expect, test } from "vitest";
import { copyTextToJsonLines } from "@/lib/snapshot/copy-text-to-json-lines";
import { maxLineBytes } from "@/lib/snapshot/format";
import { random, randomText, spec } from "./support/converter-test-data";

type Row = [number, string | null, Date, number | null];

/** A row as PostgreSQL's COPY TO writes it (text format, DateStyle ISO, dates in UTC). */
function copyLine([id, name, createdAt, parentId]: Row): string {
  const escapes: Record<string, string> = {
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
  };
  const text = name === null ? "\\N" : name.replace(/[\\\b\f\n\r\t\v]/g, (c) => escapes[c]!);
  // "2024-02-29 12:34:56.78": a space for the T, trailing zeros of the fraction dropped.
  const date = createdAt
    .toISOString()
    .replace("T", " ")
    .replace("Z", "")
    .replace(/\.?0+$/, "");
  return `${id}\t${text}\t${date}\t${parentId ?? "\\N"}\n`;
}

/** The same row as the snapshot holds it. */
function snapshotLine([id, name, createdAt, parentId]: Row): string {
  return `${JSON.stringify([id, name, createdAt.toISOString().replace("Z", "+00:00"), parentId])}\n`;
}

async function* chunked(bytes: Buffer, sizes: () => number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length;) {
    const size = sizes();
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function convert(copyText: string | Buffer, sizes: () => number = () => 64 * 1024): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of copyTextToJsonLines(chunked(Buffer.from(copyText), sizes), spec)) out.push(chunk);
  return out;
}

function randomRows(count: number, next: () => number): Row[] {
  const pick = (n: number) => Math.floor(next() * n);
  return Array.from({ length: count }, (_, i) => {
    const name = pick(10) === 0 ? null : randomText(next);
    const createdAt = new Date(pick(253_402_300_800_000)); // 1970 up to 9999, any millisecond
    return [i + 1, name, createdAt, pick(3) === 0 ? null : pick(2 ** 31) - 2 ** 30];
  });
}

describe("COPY text to snapshot lines", () => {
  test("random rows, cut into chunks of any size, give JSON.stringify's lines in whole-line chunks", async () => {
    const next = random(7);
    const rows = randomRows(3_000, next);
    const copyText = rows.map(copyLine).join("");
    for (const sizes of [() => 1, () => 1 + Math.floor(next() * 300), () => 64 * 1024]) {
      const chunks = await convert(copyText, sizes);
      expect(Buffer.concat(chunks).toString("utf8")).toBe(rows.map(snapshotLine).join(""));
      for (const chunk of chunks) expect(chunk.at(-1)).toBe(0x0a);
    }
  });

  test("dates keep three fraction digits however many zeros PostgreSQL dropped", async () => {
    const dates = [
      "2000-01-02T03:04:05.000Z",
      "2000-01-02T03:04:05.100Z",
      "2000-01-02T03:04:05.780Z",
      "9999-12-31T23:59:59.999Z",
    ];
    const rows = dates.map((iso, i): Row => [i, "x", new Date(iso), null]);
    const [out] = await convert(rows.map(copyLine).join(""));
    expect(out!.toString()).toBe(rows.map(snapshotLine).join(""));
    expect(out!.toString()).toContain('"2000-01-02T03:04:05.000+00:00"');
  });

  test("staged dates with microseconds keep them", async () => {
    const [out] = await convert("1\tx\t2000-01-01 04:00:00.123456\t\\N\n");
    expect(out!.toString()).toBe('[1,"x","2000-01-01T04:00:00.123456+00:00",null]\n');
  });

  test.each([
    ["a date before the common era", "1\tx\t0044-03-15 12:00:00 BC\t\\N\n", "date"],
    ["an infinite date", "1\tx\tinfinity\t\\N\n", "date"],
    ["a date without its time", "1\tx\t2000-01-01\t\\N\n", "date"],
    ["a date with two spaces", "1\tx\t2000-01-01 00:00 :00\t\\N\n", "date"],
    ["a row with a column too few", "1\tx\t2000-01-01 00:00:00\n", "column count"],
    ["a row with a column too many", "1\tx\t2000-01-01 00:00:00\t2\t3\n", "column count"],
    ["an escape COPY never writes", "1\t\\x41\t2000-01-01 00:00:00\t\\N\n", "escape"],
    ["a last row without its newline", "1\tx\t2000-01-01 00:00:00\t\\N", "end of data"],
  ])("%s is refused with a clear error", async (_, copyText, what) => {
    await expect(convert(copyText)).rejects.toThrow(`Unexpected ${what} in the COPY output of Account.`);
  });

  test("a row longer than a snapshot line may be is handed on unended, not gathered whole", async () => {
    const huge = `1\t${"a".repeat(maxLineBytes)}`;
    const chunks = await convert(huge, () => 1024 * 1024);
    const last = chunks.at(-1)!;
    expect(last.length).toBeGreaterThan(maxLineBytes);
    expect(last.includes(0x0a)).toBe(false);
  });
});
