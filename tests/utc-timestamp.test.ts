// A PostgreSQL restore writes dates into the tables' `timestamp` columns, which ignore any zone
// written in their input: a date with an offset is converted to UTC first, to exactly the instant
// PostgreSQL itself reads from it.
import pg from "pg";
import { describe, expect, test } from "vitest";
import { databaseProvider } from "@/lib/env";
import { utcTimestamp } from "@/lib/snapshot/iso-date-time";
import { random } from "./support/converter-test-data";

describe("dates in UTC for a timestamp column", () => {
  test.each([
    ["2000-01-01T00:00:00.000Z", "2000-01-01T00:00:00.000Z"],
    ["2000-01-01T00:00:00.000+00:00", "2000-01-01T00:00:00.000+00:00"],
    ["2000-01-01T00:00:00.000-00:00", "2000-01-01T00:00:00.000-00:00"],
    ["2024-03-01T00:10:00+01:00", "2024-02-29T23:10:00"],
    ["2023-03-01T00:10:00+01:00", "2023-02-28T23:10:00"],
    ["1999-12-31T23:00:00.123456789-05:30", "2000-01-01T04:30:00.123456789"],
    ["0099-03-01T00:00:59.5+00:01", "0099-02-28T23:59:59.5"],
    ["0001-01-01T00:30:00+01:00", "0001-12-31T23:30:00 BC"],
    ["9999-12-31T23:30:00-01:00", "10000-01-01T00:30:00"],
    ["2024-06-15T12:00:00+23:59", "2024-06-14T12:01:00"],
  ])("%s is %s", (date, utc) => {
    expect(utcTimestamp(date)).toBe(utc);
  });

  test.runIf(databaseProvider() === "postgresql")("PostgreSQL reads the same instant from both", async () => {
    const next = random(21);
    const pick = (n: number) => Math.floor(next() * n);
    const pad = (value: number, digits: number) => String(value).padStart(digits, "0");
    const dates = Array.from({ length: 5_000 }, () => {
      const iso = new Date(Date.UTC(2000, 0, 1) + (next() - 0.5) * 2 * 4e13).toISOString().slice(0, 19);
      const fraction = pick(3) === 0 ? "" : `.${pad(pick(1e6), 6).slice(0, 1 + pick(6))}`;
      // PostgreSQL reads offsets up to 15:59 (the snapshot format allows 23:59).
      const offset = `${pick(2) ? "+" : "-"}${pad(pick(16), 2)}:${pad(pick(60), 2)}`;
      return `${iso}${fraction}${offset}`;
    });
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query<{ date: string }>(
        `SELECT "date" FROM unnest($1::text[], $2::text[]) AS d("date", "utc")
         WHERE ("date"::timestamptz AT TIME ZONE 'UTC') IS DISTINCT FROM "utc"::timestamp`,
        [dates, dates.map(utcTimestamp)],
      );
      expect(rows).toEqual([]);
    } finally {
      await db.end();
    }
  });
});
