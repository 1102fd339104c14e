import { test } from "vitest";
import { prisma } from "@/lib/db";
import { createActor, createInstance, createTenant } from "./support/fixtures";
import { requestBackup } from "@/lib/backups/request-backup";
import { startRestore } from "@/lib/backups/start-restore";
import { claimNextOperation } from "@/lib/operations/claim-operation";
import { executeOperation } from "@/lib/operations/run-worker";
import { runQueuedOperations } from "./support/operations";

async function bulkInsert(instanceId: string, options: { accounts: number; cases: number }) {
  const stamp = "2026-01-01T00:00:00.000+00:00";
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Account" ("instanceId", "id", "name", "accountNumber", "industry", "phone", "website", "city",
       "country", "employees", "annualRevenue", "createdAt", "modifiedAt")
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     SELECT ?, i, 'Bulk account ' || i, printf('AC-%07d', i), 'Retail', '+1 555 0100', 'https://bulk.example',
       'Springfield', 'Nowhere', i, i * 10, ?, ? FROM n`,
    options.accounts, instanceId, stamp, stamp);
  await prisma.$executeRawUnsafe(
    `INSERT INTO "SupportCase" ("instanceId", "id", "accountId", "contactId", "title", "status", "priority",
       "description", "createdAt", "modifiedAt")
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     SELECT ?, i, (i - 1) % ? + 1, NULL, 'Bulk case ' || i, 'Active', 'Normal',
       substr(replace(hex(zeroblob(100)), '0', 'lorem '), 1, 400), ?, ? FROM n`,
    options.cases, instanceId, options.accounts, stamp, stamp);
}

test("C heartbeat during restore", async () => {
  const t = await createTenant("T");
  const a = await createInstance(t.id, { name: "A" });
  const b = await createInstance(t.id, { name: "B" });
  const admin = await createActor("a@x.test", [{ role: "GlobalAdmin", tenantId: t.id }]);
  await bulkInsert(a.id, { accounts: 30000, cases: 60000 });
  const { backup } = await requestBackup({ actor: admin, instance: a, kind: "OnDemand", label: "x" });
  await runQueuedOperations();
  for (const leaseMs of [60000, 3000]) {
    const { operation } = await startRestore({ actor: admin, backupId: backup.id, targetInstanceId: b.id });
    const op = await claimNextOperation({ owner: "test", leaseMs });
    let maxGap = 0; let last = Date.now();
    const iv = setInterval(() => { const n = Date.now(); maxGap = Math.max(maxGap, n - last); last = n; }, 50);
    const t0 = Date.now();
    await executeOperation(op!, "test", leaseMs);
    clearInterval(iv);
    const done = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
    console.log("leaseMs", leaseMs, "took", Date.now() - t0, "max event-loop gap", maxGap, done.status, done.error);
  }
}, 200_000);
