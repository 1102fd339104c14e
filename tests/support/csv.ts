// A strict reader of the CSV the Audit log exports (RFC 4180: every cell quoted, CRLF line ends),
// so tests assert cells rather than substrings. Response.text() drops the leading byte-order mark.
import { expect } from "vitest";

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let i = text.startsWith("\uFEFF") ? 1 : 0;
  while (i < text.length) {
    const row: string[] = [];
    for (;;) {
      expect(text[i], `a cell must start with a quote at ${i}`).toBe('"');
      let cell = "";
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        expect(quote, "unterminated cell").toBeGreaterThanOrEqual(0);
        cell += text.slice(i, quote);
        i = quote + 1;
        if (text[i] === '"') {
          cell += '"';
          i++;
        } else break;
      }
      row.push(cell);
      if (text[i] === ",") {
        i++;
        continue;
      }
      expect(text.slice(i, i + 2), `a record must end with CRLF at ${i}`).toBe("\r\n");
      i += 2;
      break;
    }
    rows.push(row);
  }
  return rows;
}

/** The export's rows as objects keyed by its header. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}
