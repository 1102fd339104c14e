// Filters that arrive as URL parameters (a page's searchParams or a request's), shared by the
// pages that list things with filters in the URL.
import { z } from "zod";
import { ValidationError } from "../errors";

export type SearchParamsInput = Record<string, string | string[] | undefined> | URLSearchParams;

/** Empty form fields mean "any": a GET form sends every field, filled or not. */
export const emptyAsMissing = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/**
 * Parses URL parameters with `schema`, or throws a ValidationError naming each bad field. A
 * repeated parameter among `known` is refused rather than guessed at; unknown ones are ignored.
 */
export function parseSearchParams<S extends z.ZodType>(
  schema: S,
  params: SearchParamsInput,
  known: readonly string[],
): z.output<S> {
  const raw: Record<string, unknown> = {};
  if (params instanceof URLSearchParams) {
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      raw[key] = values.length === 1 ? values[0] : values;
    }
  } else {
    Object.assign(raw, params);
  }
  const repeated = Object.keys(raw).filter((key) => known.includes(key) && Array.isArray(raw[key]));
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(raw).filter(([key]) => !repeated.includes(key))));
  const fieldErrors: Record<string, string[]> = parsed.success
    ? {}
    : (z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  for (const key of repeated) fieldErrors[key] = ["Give this filter once."];
  if (parsed.success && repeated.length === 0) return parsed.data;
  throw new ValidationError("Check the filters.", fieldErrors);
}
