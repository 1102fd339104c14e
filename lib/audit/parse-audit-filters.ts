import { z } from "zod";
import { ValidationError } from "../errors";
import { auditFilterFields, auditFilterSchema, type AuditFilters } from "./schemas";

/**
 * The Audit log's filters from URL parameters (a page's searchParams or a request's), or a
 * ValidationError naming each bad field. A repeated parameter is refused rather than guessed at.
 */
export function parseAuditFilters(
  params: Record<string, string | string[] | undefined> | URLSearchParams,
): AuditFilters {
  const raw: Record<string, unknown> = {};
  if (params instanceof URLSearchParams) {
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      raw[key] = values.length === 1 ? values[0] : values;
    }
  } else {
    Object.assign(raw, params);
  }
  const known: readonly string[] = [...auditFilterFields, "after", "before"];
  const repeated = Object.keys(raw).filter((key) => known.includes(key) && Array.isArray(raw[key]));
  const parsed = auditFilterSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([key]) => !repeated.includes(key))),
  );
  const fieldErrors: Record<string, string[]> = parsed.success
    ? {}
    : (z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  for (const key of repeated) fieldErrors[key] = ["Give this filter once."];
  if (parsed.success && repeated.length === 0) return parsed.data;
  throw new ValidationError("Check the filters.", fieldErrors);
}
