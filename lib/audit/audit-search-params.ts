import { auditFilterFields, type AuditCursor, type AuditFilters } from "./schemas";

const cursorText = (cursor: AuditCursor) => `${cursor.at.toISOString()}_${cursor.id}`;

/** The query string (with its "?", or "" for none) of the Audit log's filters and a page position. */
export function auditSearchParams(
  filters: Pick<AuditFilters, (typeof auditFilterFields)[number]>,
  position: { after?: AuditCursor; before?: AuditCursor } = {},
): string {
  const params = new URLSearchParams();
  for (const field of auditFilterFields) {
    const value = filters[field];
    if (value) params.set(field, value);
  }
  if (position.after) params.set("after", cursorText(position.after));
  if (position.before) params.set("before", cursorText(position.before));
  const query = params.toString();
  return query ? `?${query}` : "";
}
