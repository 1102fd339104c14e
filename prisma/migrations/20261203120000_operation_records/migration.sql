-- AlterTable
ALTER TABLE "Operation" ADD COLUMN "recordsDone" INTEGER;
ALTER TABLE "Operation" ADD COLUMN "recordsTotal" INTEGER;
