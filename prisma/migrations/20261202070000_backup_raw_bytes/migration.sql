-- AlterTable
ALTER TABLE "Backup" ADD COLUMN "rawBytes" BIGINT;
