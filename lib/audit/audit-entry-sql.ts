import "server-only";
import type { AuditReach } from "../auth/policy";
import type { AuditFilters } from "./schemas";

const dayMs = 24 * 60 * 60_000;

/** What a CSV row is built from (see DescribedEntry). */
const columns = [
  "id",
  "at",
  "actorEmail",
  "action",
  "outcome",
  "tenantId",
  "instanceId",
  "instanceName",
  "backupId",
  "detail",
] as const;

/**
 * The export's query in plain SQL: the same reach (lib/auth/policy.ts auditReach) and filters as
 * auditEntryWhere builds for Prisma, for a driver that streams rows instead of materialising
 * batches (the Audit log tests check both read the same entries, per role and per filter). The
 * instance filter must already be checked in scope. Dates compare through julianday(), so the
 * query depends on no one text encoding of the stored times.
 */
export function auditEntrySql(options: { reach: AuditReach; filters: AuditFilters; instanceId?: string }) {
  const { reach, filters } = options;
  const params: string[] = [];
  const list = (ids: readonly string[]) => {
    params.push(...ids);
    return ids.map(() => "?").join(", ");
  };
  const scope = [
    reach.tenants.length > 0 ? `"scopeTenantId" IN (${list(reach.tenants)})` : null,
    reach.namedOnlyTenants.length > 0
      ? `("scopeTenantId" IN (${list(reach.namedOnlyTenants)}) AND NOT ("instanceId" IS NULL AND "tenantId" IS NULL))`
      : null,
    reach.instances.length > 0 ? `"instanceId" IN (${list(reach.instances)})` : null,
  ].filter((part): part is string => part !== null);
  // Nothing in reach reads nothing.
  const and = [scope.length > 0 ? `(${scope.join(" OR ")})` : "0"];
  const equals = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    and.push(`"${column}" = ?`);
    params.push(value);
  };
  equals("instanceId", options.instanceId);
  equals("actorEmail", filters.actor);
  equals("action", filters.action);
  equals("outcome", filters.outcome);
  if (filters.from) {
    and.push(`julianday("at") >= julianday(?)`);
    params.push(`${filters.from}T00:00:00.000Z`);
  }
  if (filters.to) {
    and.push(`julianday("at") < julianday(?)`);
    params.push(new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + dayMs).toISOString());
  }
  return {
    sql: `SELECT ${columns.map((column) => `"${column}"`).join(", ")} FROM "AuditEntry" WHERE ${and.join(" AND ")} ORDER BY "at" DESC, "id" DESC`,
    params,
  };
}
