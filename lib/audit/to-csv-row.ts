/**
 * One CSV record (RFC 4180, CRLF-terminated). Every cell is quoted, so commas, quotes and line
 * breaks stay inside it. A cell that a spreadsheet would run as a formula (starting with = + - @,
 * or a tab or carriage return that hides one) gets a leading apostrophe: audit details quote what
 * users typed, and opening the export must never execute it.
 */
export function toCsvRow(cells: readonly (string | null | undefined)[]): string {
  return `${cells
    .map((cell) => {
      const text = cell ?? "";
      const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
      return `"${safe.replaceAll('"', '""')}"`;
    })
    .join(",")}\r\n`;
}
