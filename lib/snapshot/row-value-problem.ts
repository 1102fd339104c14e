import { isIsoDateTime } from "./iso-date-time";
import type { ColumnValueType, TableSpec } from "./snapshot-driver";

// Prisma's Int is a 32-bit signed integer on every database.
const minInt = -(2 ** 31);
export const maxInt = 2 ** 31 - 1;

function fits(value: unknown, { type, nullable }: ColumnValueType): boolean {
  if (value === null) return nullable;
  switch (type) {
    case "int":
      return Number.isInteger(value) && (value as number) >= minInt && (value as number) <= maxInt;
    case "text":
      return typeof value === "string";
    case "datetime":
      return typeof value === "string" && isIsoDateTime(value);
  }
}

/**
 * Why a row's values do not fit its table's columns, or null when they all do. The staging tables
 * have no constraints (and SQLite would store "yesterday" in a date column), so a file rewritten
 * with matching checksums is stopped here, before any of it is staged.
 */
export function rowValueProblem(spec: TableSpec, row: readonly unknown[]): string | null {
  for (let i = 0; i < spec.valueTypes.length; i++) {
    const expected = spec.valueTypes[i]!;
    if (!fits(row[i], expected)) {
      const kind = { int: "a whole number", text: "text", datetime: "a date and time" }[expected.type];
      return `a ${spec.table} record's ${spec.columns[i]} is not ${kind}${expected.nullable ? " or empty" : ""}.`;
    }
  }
  return null;
}
