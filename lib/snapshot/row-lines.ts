import "server-only";
import { CorruptBackupError } from "./corrupt-backup-error";
import { copyTextRow, jsonLinesToCopyText } from "./json-lines-to-copy-text";
import { parseSnapshotLine } from "./parse-snapshot-line";
import { rowValueProblem } from "./row-value-problem";
import type { TableSpec } from "./snapshot-driver";

const newline = 0x0a;

/**
 * Whole row lines of one table, as a snapshot file holds them (each ending in a newline). Their
 * values reach a driver only through `rows()` or `copyText()`, and both check every row against
 * the table's columns first: a file rewritten with matching checksums stops there.
 */
export class RowLines {
  private parsed: unknown[][] | undefined;

  constructor(
    readonly spec: TableSpec,
    private readonly bytes: Buffer,
    /** How many lines `bytes` holds. */
    readonly count: number,
  ) {}

  /** The rows as arrays in `columns` order. */
  rows(): unknown[][] {
    if (!this.parsed) {
      const rows: unknown[][] = [];
      let start = 0;
      for (let end = this.bytes.indexOf(newline); end !== -1; end = this.bytes.indexOf(newline, start)) {
        rows.push(this.row(start, end));
        start = end + 1;
      }
      this.parsed = rows;
    }
    return this.parsed;
  }

  /**
   * The rows in PostgreSQL's COPY text format, for the table of `instanceId` (or a staging table
   * when null), converted straight from the bytes when they were not parsed already.
   */
  copyText(instanceId: string | null): Buffer {
    const table = instanceId === null ? null : { instanceId, types: this.spec.valueTypes };
    if (this.parsed) return Buffer.from(this.parsed.map((row) => copyTextRow(row, table)).join(""));
    return jsonLinesToCopyText(this.bytes, this.spec.valueTypes, table, (start, end) =>
      copyTextRow(this.row(start, end), table),
    );
  }

  /** The line in `bytes[start, end)`, parsed and checked. */
  private row(start: number, end: number): unknown[] {
    const row = parseSnapshotLine(this.bytes.toString("utf8", start, end));
    if (!Array.isArray(row) || row.length !== this.spec.columns.length)
      throw new CorruptBackupError(`a ${this.spec.table} row has the wrong shape.`);
    const problem = rowValueProblem(this.spec, row);
    if (problem) throw new CorruptBackupError(problem);
    return row;
  }
}
