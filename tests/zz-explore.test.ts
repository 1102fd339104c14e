import { test } from "vitest";
import { prisma } from "@/lib/db";
import { createInstance, createTenant, seedRecords } from "./support/fixtures";
import { requestBackup } from "@/lib/backups/request-backup";
import { claimNextOperation } from "@/lib/operations/claim-operation";
import { executeOperation } from "@/lib/operations/run-worker";

test("explore", async () => {
  const t = await createTenant("T");
  const a = await createInstance(t.id, { name: "A" });
  await seedRecords(a.id, { seed: 1, accounts: 3 });
  console.log(await prisma.$queryRawUnsafe(`SELECT createdAt || '' AS s FROM "Account" LIMIT 1`));
  console.log(await prisma.$queryRawUnsafe(`SELECT id, typeof(createdAt) t, createdAt FROM "Instance" LIMIT 1`));
  const { backup } = await requestBackup({ actor: null, instance: a, kind: "System", label: "x" });
  const op = await claimNextOperation({ owner: "test", leaseMs: 60000 });
  await executeOperation(op!, "test", 60000);
  console.log(await prisma.backup.findUnique({ where: { id: backup.id } }));
  console.log(await prisma.$queryRawUnsafe(`SELECT expiresAt, typeof(expiresAt) FROM "Backup"`));
  console.log(await prisma.$queryRawUnsafe(`SELECT at || '' AS s FROM "AuditEntry"`));
});
