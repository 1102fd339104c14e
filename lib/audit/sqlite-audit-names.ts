import "server-only";
import type Database from "better-sqlite3";
import type { AuditNameSource } from "./audit-name-source";

type BackupRow = {
  id: string;
  label: string;
  instanceId: string | null;
  instanceTenantId: string | null;
  deletedInstanceTenantId: string | null;
};

/**
 * The export's name lookups on its own read-only connection: plain statements, so thousands of
 * batches cost no more memory than one (the same lookups through Prisma grew the process by ~80 MB).
 */
export function sqliteAuditNames(db: Database.Database): AuditNameSource {
  const select = <Row>(sql: (placeholders: string) => string, ids: string[]) =>
    Promise.resolve(db.prepare(sql(ids.map(() => "?").join(", "))).all(...ids) as Row[]);
  return {
    instances: (ids) =>
      select((list) => `SELECT "id", "name", "tenantId" FROM "Instance" WHERE "id" IN (${list})`, ids),
    backups: async (ids) =>
      (
        await select<BackupRow>(
          (list) =>
            `SELECT b."id", b."label", b."instanceId", i."tenantId" AS "instanceTenantId", b."deletedInstanceTenantId"
             FROM "Backup" b LEFT JOIN "Instance" i ON i."id" = b."instanceId" WHERE b."id" IN (${list})`,
          ids,
        )
      ).map((row) => ({
        id: row.id,
        label: row.label,
        instance:
          row.instanceId && row.instanceTenantId ? { id: row.instanceId, tenantId: row.instanceTenantId } : null,
        deletedInstanceTenantId: row.deletedInstanceTenantId,
      })),
    tenants: (ids) => select((list) => `SELECT "id", "name" FROM "Tenant" WHERE "id" IN (${list})`, ids),
  };
}
