-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "tenantId" TEXT;
