/**
 * A `?page=` value as a page number: a positive whole number written in plain digits, anything
 * else (missing, repeated, "1.5", "-2", "1e3", "0x10", beyond the safe integer range) is page 1.
 * Services clamp it to the last page.
 */
export function parsePageNumber(value: string | string[] | undefined): number {
  if (typeof value !== "string" || !/^[1-9][0-9]*$/.test(value)) return 1;
  const page = Number(value);
  return Number.isSafeInteger(page) ? page : 1;
}
