-- AlterTable
ALTER TABLE "Backup" ADD COLUMN "systemDay" TEXT;

-- AlterTable
ALTER TABLE "Operation" ADD COLUMN "targetVersion" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Backup_instanceId_systemDay_key" ON "Backup"("instanceId", "systemDay");
