// The one date format a snapshot holds: ISO 8601 with a time zone ("YYYY-MM-DDTHH:MM:SS", an
// optional fraction of 1–9 digits, then Z or ±HH:MM), every part in range. A restore checks each
// date of every row, so the check reads character codes instead of running a regular expression.

const zero = 0x30;
const nine = 0x39;
const minus = 0x2d;
const colon = 0x3a;

/** The longest date that passes: a nine-digit fraction and an offset. */
const longestDate = "0000-00-00T00:00:00.000000000+00:00".length;

/** Where a date in a JS string is encoded for the check; UTF-8 needs at most 3 bytes per character. */
const scratch = Buffer.alloc(longestDate * 3);

const daysInMonths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : daysInMonths[month - 1]!;
}

/** Two ASCII digits at `at` as a number, or -1. */
function twoDigits(input: Uint8Array, at: number): number {
  const tens = input[at]! - zero;
  const ones = input[at + 1]! - zero;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** Whether the bytes `input[start, end)` are a date in the snapshot format. */
export function isIsoDateTimeBytes(input: Uint8Array, start: number, end: number): boolean {
  if (end - start < 20) return false;
  const century = twoDigits(input, start);
  const yearOfCentury = twoDigits(input, start + 2);
  const month = twoDigits(input, start + 5);
  const day = twoDigits(input, start + 8);
  const hour = twoDigits(input, start + 11);
  const minute = twoDigits(input, start + 14);
  const second = twoDigits(input, start + 17);
  if (
    century < 0 ||
    yearOfCentury < 0 ||
    input[start + 4] !== minus ||
    input[start + 7] !== minus ||
    input[start + 10] !== 0x54 || // T
    input[start + 13] !== colon ||
    input[start + 16] !== colon ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(century * 100 + yearOfCentury, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return false;
  let at = start + 19;
  if (input[at] === 0x2e) {
    const digitsStart = ++at;
    while (at < end && input[at]! >= zero && input[at]! <= nine) at++;
    if (at === digitsStart || at - digitsStart > 9) return false;
  }
  if (input[at] === 0x5a) return at + 1 === end; // Z
  if (input[at] !== 0x2b && input[at] !== minus) return false;
  const offsetHour = twoDigits(input, at + 1);
  const offsetMinute = twoDigits(input, at + 4);
  return (
    at + 6 === end &&
    input[at + 3] === colon &&
    offsetHour >= 0 &&
    offsetHour <= 23 &&
    offsetMinute >= 0 &&
    offsetMinute <= 59
  );
}

/** Whether `value` is a date in the snapshot format. */
export function isIsoDateTime(value: string): boolean {
  if (value.length > longestDate) return false;
  // As UTF-8, any character beyond ASCII becomes bytes of 0x80 and up, which no date accepts.
  return isIsoDateTimeBytes(scratch, 0, scratch.write(value, 0));
}

/** Whether a date in the snapshot format is in UTC already ("Z" or a zero offset, as backups write dates). */
const isUtc = (value: string) => value.endsWith("Z") || value.endsWith("+00:00") || value.endsWith("-00:00");

const pad = (value: number, digits: number) => String(value).padStart(digits, "0");

/**
 * A date in the snapshot format (checked already) as PostgreSQL's `timestamp` column must receive
 * it: the same instant as wall-clock time in UTC, since such a column ignores any zone written in
 * its input. A date in UTC is that already; another offset is applied exactly (seconds and fraction stay as
 * written), and a date that crosses into 1 BC or past 9999 is written the way PostgreSQL reads it.
 */
export function utcTimestamp(value: string): string {
  if (isUtc(value)) return value;
  const zoneAt = value.length - 6;
  const offsetMinutes =
    (value[zoneAt] === "-" ? -1 : 1) *
    (Number(value.slice(zoneAt + 1, zoneAt + 3)) * 60 + Number(value.slice(zoneAt + 4)));
  // Whole days and minutes only, so Date's arithmetic is exact; setUTCFullYear keeps years below 100 as written.
  const day = new Date(0);
  day.setUTCFullYear(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10)));
  day.setUTCHours(0, Number(value.slice(11, 13)) * 60 + Number(value.slice(14, 16)) - offsetMinutes);
  const year = day.getUTCFullYear();
  const date = `${pad(year > 0 ? year : 1 - year, 4)}-${pad(day.getUTCMonth() + 1, 2)}-${pad(day.getUTCDate(), 2)}`;
  const time = `${pad(day.getUTCHours(), 2)}:${pad(day.getUTCMinutes(), 2)}${value.slice(16, zoneAt)}`;
  return `${date}T${time}${year > 0 ? "" : " BC"}`;
}
