-- AlterTable
ALTER TABLE "Backup" ADD COLUMN "verifiedAt" DATETIME;
ALTER TABLE "Backup" ADD COLUMN "verificationPassed" BOOLEAN;
ALTER TABLE "Backup" ADD COLUMN "verificationReason" TEXT;
ALTER TABLE "Backup" ADD COLUMN "verificationFailedAt" DATETIME;
ALTER TABLE "Backup" ADD COLUMN "testRestoredAt" DATETIME;
ALTER TABLE "Backup" ADD COLUMN "testRestorePassed" BOOLEAN;
ALTER TABLE "Backup" ADD COLUMN "testRestoreRecords" INTEGER;
ALTER TABLE "Backup" ADD COLUMN "testRestoreMs" INTEGER;

-- AlterTable
ALTER TABLE "Operation" ADD COLUMN "scheduleKey" TEXT;

-- CreateIndex
CREATE INDEX "Backup_instanceId_verifiedAt_idx" ON "Backup"("instanceId", "verifiedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Operation_scheduleKey_key" ON "Operation"("scheduleKey");
