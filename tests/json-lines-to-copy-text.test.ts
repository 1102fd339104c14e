// A PostgreSQL restore stages snapshot lines as COPY text converted straight from their bytes.
// Every line must come out exactly as the general way (JSON.parse, the row checks, then COPY
// text) would have it, and be refused with the same error: the single pass may only take lines it
// fully understands, and hands every other line to the general way.
import { describe, expect, test } from "vitest";
import { CorruptBackupError } from "@/lib/snapshot/corrupt-backup-error";
import { copyTextRow, jsonLinesToCopyText } from "@/lib/snapshot/json-lines-to-copy-text";
import { RowLines } from "@/lib/snapshot/row-lines";
import { random, randomText, spec } from "./support/converter-test-data";

const linesOf = (text: string | Buffer) => {
  const bytes = Buffer.from(text);
  return new RowLines(spec, bytes, bytes.toString("latin1").split("\n").length - 1);
};

/**
 * The COPY text of `text`'s lines for `instanceId`'s table (a staging table when null), the
 * general way (a fresh parse), and how many lines the single pass left to it.
 */
function convert(
  text: string | Buffer,
  instanceId: string | null = null,
): { copyText: string; general: string; generalLines: number } {
  const lines = linesOf(text);
  const reference = linesOf(text);
  const table = instanceId === null ? null : { instanceId, types: spec.valueTypes };
  let generalLines = 0;
  const copyText = jsonLinesToCopyText(Buffer.from(text), spec.valueTypes, table, (start, end) => {
    generalLines++;
    return copyTextRow(linesOf(Buffer.from(text).subarray(start, end + 1)).rows()[0]!, table);
  }).toString("utf8");
  expect(lines.copyText(instanceId).toString("utf8")).toBe(copyText);
  // As the COPY stream receives it: UTF-8, where a lone surrogate becomes U+FFFD.
  const general = Buffer.from(
    reference
      .rows()
      .map((row) => copyTextRow(row, table))
      .join(""),
  ).toString("utf8");
  return { copyText, general, generalLines };
}

describe("snapshot lines to COPY text", () => {
  test("random rows as a backup writes them take the single pass and match the general way", () => {
    const next = random(11);
    const pick = (n: number) => Math.floor(next() * n);
    const rows = Array.from({ length: 3_000 }, (_, i) => [
      i % 2 ? i : -i - 1,
      pick(10) === 0 ? null : randomText(next),
      new Date(pick(253_402_300_800_000)).toISOString().replace("Z", "+00:00"),
      [null, 2 ** 31 - 1, -(2 ** 31), 0, pick(1000)][pick(5)],
    ]);
    const text = rows.map((row) => `${JSON.stringify(row)}\n`).join("");
    const { copyText, general, generalLines } = convert(text);
    expect(copyText).toBe(general);
    expect(generalLines).toBe(0);
  });

  test.each([
    [
      "dates with Z, other offsets and up to nine fraction digits",
      '[1,"x","2024-02-29T23:59:59Z",null]\n[2,"x","1999-12-31T23:00:00.123456789-05:30",null]\n',
    ],
    [
      "control characters JSON writes as \\u00XX",
      `${JSON.stringify([1, '\u0001\u0008\u000b\u001f\t\n\r\f\\"', "2000-01-01T00:00:00.000+00:00", null])}\n`,
    ],
    ["a solidus escaped", '[1,"a\\/b","2000-01-01T00:00:00.000+00:00",null]\n'],
    ["upper-case hex in an escape", '[1,"\\u001F","2000-01-01T00:00:00Z",null]\n'],
  ])("%s take the single pass", (_, text) => {
    const { copyText, general, generalLines } = convert(text);
    expect(copyText).toBe(general);
    expect(generalLines).toBe(0);
  });

  test.each([
    ["spaces between values", '[1, "x", "2000-01-01T00:00:00Z", null]\n'],
    [
      "numbers JSON.stringify would write otherwise",
      '[1e3,"x","2000-01-01T00:00:00Z",-0]\n[10.0,"x","2000-01-01T00:00:00Z",2e0]\n',
    ],
    [
      "\\u escapes of printable, NUL and lone surrogate characters",
      '[1,"\\u0041\\u00e9\\ud83d\\ude80\\ud800","2000-01-01T00:00:00Z",null]\n',
    ],
    ["a date written with escapes", '[1,"x","\\u0032000-01-01T00:00:00Z",null]\n'],
  ])("%s go the general way and come out the same", (_, text) => {
    const { copyText, general, generalLines } = convert(text);
    expect(copyText).toBe(general);
    expect(generalLines).toBeGreaterThan(0);
  });

  test("bytes that are not UTF-8 come out as the general way decodes them", () => {
    const text = Buffer.concat([
      Buffer.from('[1,"a'),
      Buffer.of(0xff, 0xc3),
      Buffer.from('b","2000-01-01T00:00:00Z",null]\n'),
    ]);
    const { copyText, general } = convert(text);
    expect(copyText).toBe(general);
    expect(copyText).toContain("a\uFFFD\uFFFDb");
  });

  test.each([
    [
      "an integer beyond 32 bits",
      '[2147483648,"x","2000-01-01T00:00:00Z",null]',
      "a Account record's id is not a whole number.",
    ],
    [
      "an integer below 32 bits",
      '[1,"x","2000-01-01T00:00:00Z",-2147483649]',
      "parentId is not a whole number or empty.",
    ],
    ["an empty value where one is required", '[null,"x","2000-01-01T00:00:00Z",null]', "id is not a whole number."],
    ["the 30th of February", '[1,"x","2023-02-29T00:00:00Z",null]', "createdAt is not a date and time."],
    ["the 24th hour", '[1,"x","2000-01-01T24:00:00Z",null]', "createdAt is not a date and time."],
    ["a date without its zone", '[1,"x","2000-01-01T00:00:00",null]', "createdAt is not a date and time."],
    ["ten fraction digits", '[1,"x","2000-01-01T00:00:00.1234567890Z",null]', "createdAt is not a date and time."],
    ["text where a number belongs", '["1","x","2000-01-01T00:00:00Z",null]', "id is not a whole number."],
    ["a number where text belongs", '[1,2,"2000-01-01T00:00:00Z",null]', "name is not text or empty."],
    ["a value too many", '[1,"x","2000-01-01T00:00:00Z",null,5]', "a Account row has the wrong shape."],
    ["a value too few", '[1,"x","2000-01-01T00:00:00Z"]', "a Account row has the wrong shape."],
    ["a raw control character in text", '[1,"a\tb","2000-01-01T00:00:00Z",null]', "a line is not valid JSON."],
    ["an escape JSON does not have", '[1,"a\\x41","2000-01-01T00:00:00Z",null]', "a line is not valid JSON."],
    ["an unfinished string", '[1,"abc', "a line is not valid JSON."],
  ])("%s is refused as the general way refuses it", (_, line, reason) => {
    const text = `[7,"fine","2000-01-01T00:00:00Z",null]\n${line}\n`;
    expect(() => linesOf(text).copyText(null)).toThrow(CorruptBackupError);
    expect(() => linesOf(text).copyText(null)).toThrow(reason);
    expect(() => linesOf(text).rows()).toThrow(reason);
  });

  test("rows parsed already (a test restore hashes them) are not parsed again", () => {
    const lines = linesOf('[1,"a\\\\b\\tc","2000-01-01T00:00:00.000+00:00",null]\n');
    const rows = lines.rows();
    expect(lines.rows()).toBe(rows);
    expect(lines.copyText(null).toString()).toBe("1\ta\\\\b\\tc\t2000-01-01T00:00:00.000+00:00\t\\N\n");
  });

  test("rows for an instance's own table start with its id, and take the single pass when dates are in UTC (Z or +00:00)", () => {
    const next = random(12);
    const rows = Array.from({ length: 2_000 }, (_, i) => [
      i + 1,
      randomText(next),
      new Date(Math.floor(next() * 253_402_300_800_000)).toISOString().replace("Z", i % 2 ? "+00:00" : "Z"),
      null,
    ]);
    const text = rows.map((row) => `${JSON.stringify(row)}\n`).join("");
    const { copyText, general, generalLines } = convert(text, "ckinstance1");
    expect(copyText).toBe(general);
    expect(generalLines).toBe(0);
    expect(
      copyText
        .split("\n")
        .slice(0, -1)
        .every((row) => row.startsWith("ckinstance1\t")),
    ).toBe(true);
  });

  test("dates with an offset are written in UTC for an instance's own table, and as they are for staging", () => {
    const text =
      '[1,"x","1999-12-31T23:00:00.123456789-05:30",null]\n[2,"x","2024-03-01T00:10:00+01:00",null]\n' +
      '[3,"x","2000-01-01T00:00:00.000+00:00",null]\n[4,"x","2000-01-01T00:00:00.000Z",null]\n';
    const { copyText, general, generalLines } = convert(text, "ckinstance1");
    expect(copyText).toBe(general);
    expect(generalLines).toBe(2);
    expect(copyText).toBe(
      "ckinstance1\t1\tx\t2000-01-01T04:30:00.123456789\t\\N\n" +
        "ckinstance1\t2\tx\t2024-02-29T23:10:00\t\\N\n" +
        "ckinstance1\t3\tx\t2000-01-01T00:00:00.000+00:00\t\\N\n" +
        "ckinstance1\t4\tx\t2000-01-01T00:00:00.000Z\t\\N\n",
    );
    expect(convert(text).copyText).toContain("\t1999-12-31T23:00:00.123456789-05:30\t");
  });
});
