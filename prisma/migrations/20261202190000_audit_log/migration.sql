-- DropIndex
DROP INDEX "AuditEntry_instanceId_at_idx";

-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "instanceName" TEXT;
ALTER TABLE "AuditEntry" ADD COLUMN "scopeTenantId" TEXT;

-- CreateIndex
CREATE INDEX "AuditEntry_scopeTenantId_at_id_idx" ON "AuditEntry"("scopeTenantId", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_instanceId_at_id_idx" ON "AuditEntry"("instanceId", "at", "id");


-- Backfill: each existing entry's owner and instance name, by the rules recordAudit applies to new ones.
UPDATE "AuditEntry" SET "instanceName" = COALESCE(
    (SELECT "name" FROM "Instance" WHERE "Instance"."id" = "AuditEntry"."instanceId"),
    (SELECT "deletedInstanceName" FROM "Backup" WHERE "Backup"."deletedInstanceId" = "AuditEntry"."instanceId" LIMIT 1)
  )
  WHERE "instanceId" IS NOT NULL;
UPDATE "AuditEntry" SET "scopeTenantId" = CASE
    WHEN "tenantId" IS NOT NULL THEN "tenantId"
    WHEN "instanceId" IS NOT NULL THEN COALESCE(
      (SELECT "tenantId" FROM "Instance" WHERE "Instance"."id" = "AuditEntry"."instanceId"),
      (SELECT "deletedInstanceTenantId" FROM "Backup" WHERE "Backup"."deletedInstanceId" = "AuditEntry"."instanceId" LIMIT 1)
    )
    WHEN "actorId" IS NULL THEN (
      SELECT COALESCE("Instance"."tenantId", "Backup"."deletedInstanceTenantId")
      FROM "Backup" LEFT JOIN "Instance" ON "Instance"."id" = "Backup"."instanceId"
      WHERE "Backup"."id" = "AuditEntry"."backupId"
    )
    ELSE (SELECT "tenantId" FROM "User" WHERE "User"."id" = "AuditEntry"."actorId")
  END;
