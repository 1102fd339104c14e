-- DropIndex
DROP INDEX "Backup_instanceId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Backup_instanceId_createdAt_id_expiresAt_idx" ON "Backup"("instanceId", "createdAt", "id", "expiresAt");
