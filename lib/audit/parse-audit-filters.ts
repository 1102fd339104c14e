import { parseSearchParams, type SearchParamsInput } from "../validation/search-params";
import { auditFilterFields, auditFilterSchema, type AuditFilters } from "./schemas";

/**
 * The Audit log's filters from URL parameters (a page's searchParams or a request's), or a
 * ValidationError naming each bad field. A repeated parameter is refused rather than guessed at.
 */
export function parseAuditFilters(params: SearchParamsInput): AuditFilters {
  return parseSearchParams(auditFilterSchema, params, [...auditFilterFields, "after", "before"]);
}
