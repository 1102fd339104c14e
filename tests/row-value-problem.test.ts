import { describe, expect, test } from "vitest";
import { rowValueProblem } from "@/lib/snapshot/row-value-problem";
import { snapshotTables } from "@/lib/snapshot/write-snapshot";

const contacts = snapshotTables.find((spec) => spec.table === "Contact")!;
// id, accountId (nullable), firstName, lastName, email, phone, jobTitle, createdAt, modifiedAt
const contact = (changes: Record<number, unknown> = {}) => {
  const row: unknown[] = [
    7,
    3,
    "Ada",
    "Lovelace",
    "ada@example.com",
    "+1 555",
    "Countess",
    "2024-02-29T23:59:59.999+00:00",
    "2025-01-01T00:00:00Z",
  ];
  for (const [at, value] of Object.entries(changes)) row[Number(at)] = value;
  return row;
};

describe("values of a restored row are checked against the column types", () => {
  test("a row as the drivers write it passes, dates with any offset and fraction included", () => {
    expect(rowValueProblem(contacts, contact())).toBeNull();
    expect(rowValueProblem(contacts, contact({ 1: null, 7: "1999-12-31T23:00:00.123456-05:30" }))).toBeNull();
    expect(rowValueProblem(contacts, contact({ 0: 2 ** 31 - 1, 2: "", 3: "名前 🙂" }))).toBeNull();
    expect(
      rowValueProblem(contacts, contact({ 7: "2024-02-29T00:00:00.123456789+23:59", 8: "0001-01-01T00:00:00Z" })),
    ).toBeNull();
  });

  test.each([
    ["a date that is not a date", { 7: "yesterday" }, "createdAt is not a date and time"],
    ["a date without a time zone", { 7: "2024-01-02T03:04:05" }, "createdAt"],
    ["the 30th of February", { 8: "2023-02-30T00:00:00Z" }, "modifiedAt"],
    ["the 29th of February outside a leap year", { 8: "2023-02-29T00:00:00Z" }, "modifiedAt"],
    ["hour 24", { 8: "2023-02-01T24:00:00Z" }, "modifiedAt"],
    ["an offset of 24 hours", { 8: "2023-02-01T10:00:00+24:00" }, "modifiedAt"],
    ["a fraction of ten digits", { 8: "2023-02-01T10:00:00.1234567891Z" }, "modifiedAt"],
    ["a fraction without digits", { 8: "2023-02-01T10:00:00.Z" }, "modifiedAt"],
    ["a date with a newline after it", { 8: "2023-02-01T10:00:00Z\n" }, "modifiedAt"],
    ["a date with a look-alike of Z beyond ASCII", { 8: "2023-02-01T10:00:00\u015a" }, "modifiedAt"],
    ["a date with digits beyond ASCII", { 8: "２０２３-02-01T10:00:00Z" }, "modifiedAt"],
    ["a date followed by more text", { 8: `2023-02-01T10:00:00Z${"0".repeat(100)}` }, "modifiedAt"],
    ["a date as a number", { 7: 1_700_000_000_000 }, "createdAt"],
    ["an id that is text", { 0: "7" }, "id is not a whole number."],
    ["an id with a fraction", { 0: 7.5 }, "id is not a whole number."],
    ["an id beyond 32 bits", { 0: 2 ** 31 }, "id is not a whole number."],
    ["an empty required value", { 2: null }, "firstName is not text."],
    ["a number where text belongs", { 4: 12 }, "email is not text."],
    ["an object where a number belongs", { 1: { $gt: 0 } }, "accountId is not a whole number or empty."],
  ])("%s is refused, naming the column", (_what, changes, message) => {
    expect(rowValueProblem(contacts, contact(changes))).toContain(message);
  });
});
