-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Backup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT,
    "deletedInstanceId" TEXT,
    "deletedInstanceTenantId" TEXT,
    "deletedInstanceName" TEXT,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "failureReason" TEXT,
    "instanceVersion" TEXT NOT NULL,
    "sizeBytes" BIGINT,
    "rawBytes" BIGINT,
    "sha256" TEXT,
    "storageKey" TEXT,
    "formatVersion" INTEGER,
    "codec" TEXT,
    "recordCounts" TEXT,
    "completedAt" DATETIME,
    "systemDay" TEXT,
    CONSTRAINT "Backup_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Backup_deletedInstanceTenantId_fkey" FOREIGN KEY ("deletedInstanceTenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Backup_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Backup" ("codec", "completedAt", "createdAt", "createdById", "expiresAt", "failureReason", "formatVersion", "id", "instanceId", "instanceVersion", "kind", "label", "notes", "progress", "rawBytes", "recordCounts", "sha256", "sizeBytes", "status", "storageKey", "systemDay") SELECT "codec", "completedAt", "createdAt", "createdById", "expiresAt", "failureReason", "formatVersion", "id", "instanceId", "instanceVersion", "kind", "label", "notes", "progress", "rawBytes", "recordCounts", "sha256", "sizeBytes", "status", "storageKey", "systemDay" FROM "Backup";
DROP TABLE "Backup";
ALTER TABLE "new_Backup" RENAME TO "Backup";
CREATE INDEX "Backup_deletedInstanceTenantId_expiresAt_idx" ON "Backup"("deletedInstanceTenantId", "expiresAt");
CREATE INDEX "Backup_instanceId_createdAt_id_expiresAt_idx" ON "Backup"("instanceId", "createdAt", "id", "expiresAt");
CREATE INDEX "Backup_expiresAt_idx" ON "Backup"("expiresAt");
CREATE UNIQUE INDEX "Backup_instanceId_systemDay_key" ON "Backup"("instanceId", "systemDay");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
