import type { ColumnValueType, TableSpec } from "./snapshot-driver";

// Prisma's Int is a 32-bit signed integer on every database.
const minInt = -(2 ** 31);
export const maxInt = 2 ** 31 - 1;

// ISO 8601 with a time zone, as every driver writes dates; the parts are range-checked below.
const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

const daysInMonths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : daysInMonths[month - 1]!;
}

// Runs for every date of a restore: numbers straight from the match, no arrays or Date objects.
function isDateTime(value: string): boolean {
  const match = isoDateTime.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  return (
    month >= 1 &&
    month <= 12 &&
    Number(match[3]) >= 1 &&
    Number(match[3]) <= daysInMonth(Number(match[1]), month) &&
    Number(match[4]) <= 23 &&
    Number(match[5]) <= 59 &&
    Number(match[6]) <= 59 &&
    Number(match[7] ?? 0) <= 23 &&
    Number(match[8] ?? 0) <= 59
  );
}

function fits(value: unknown, { type, nullable }: ColumnValueType): boolean {
  if (value === null) return nullable;
  switch (type) {
    case "int":
      return Number.isInteger(value) && (value as number) >= minInt && (value as number) <= maxInt;
    case "text":
      return typeof value === "string";
    case "datetime":
      return typeof value === "string" && isDateTime(value);
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
