// A worker process killed in the middle of a restore, on each database: another worker process
// takes the operation over once the lease runs out and finishes it, and the target holds either
// its old records (until then) or exactly the backup's (after), never a mix.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { openSnapshotDriver } from "@/lib/snapshot/open-snapshot-driver";
import { startScript, stopAllProcesses, type Child } from "./faults/support/processes";
import { waitFor } from "./faults/support/wait";
import { startRestoreAs } from "./support/backup-services";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, recordsHash, runQueuedOperations } from "./support/operations";

const leaseSeconds = 5;
let admin: Actor;
let tenantId: string;

function startWorker(name: string): Child {
  return startScript("scripts/worker.ts", {
    name,
    env: { ...process.env, NODE_ENV: "test", WORKER_POLL_MS: "100", WORKER_LEASE_SECONDS: String(leaseSeconds) },
  });
}

beforeAll(async () => {
  tenantId = (await createTenant("Contoso")).id;
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId }]);
});

afterAll(stopAllProcesses);

test("a worker killed mid-restore: another takes over after the lease and finishes it", async () => {
  // About 60,000 records: staging takes long enough to kill the worker in the middle of it.
  const source = await createInstance(tenantId, { name: "Source" });
  await seedRecords(source.id, { seed: 1, accounts: 8000 });
  await queueBackup(admin, source, "Large");
  await runQueuedOperations();
  const backup = await prisma.backup.findFirstOrThrow({ where: { instanceId: source.id, status: "Succeeded" } });
  const target = await createInstance(tenantId, { name: "Target" });
  await seedRecords(target.id, { seed: 2, accounts: 5 });
  const [sourceHash, targetBefore] = [await recordsHash(source.id), await recordsHash(target.id)];

  const { operation } = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });
  const first = startWorker("first worker");
  const staging = await waitFor(
    async () => {
      const row = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
      return row.status === "Running" && (row.recordsDone ?? 0) > 0 ? row : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 20, what: "the first worker to stage records", describe: () => first.output() },
  );
  first.signal("SIGSTOP"); // frozen at once, mid-staging; then killed
  await first.kill();
  expect(staging.recordsDone).toBeLessThan(staging.recordsTotal!);
  expect(await recordsHash(target.id)).toBe(targetBefore);
  expect((await prisma.instance.findUniqueOrThrow({ where: { id: target.id } })).state).toBe("Restoring");

  const second = startWorker("second worker");
  const finished = await waitFor(
    async () => {
      const row = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
      return row.status === "Succeeded" || row.status === "Failed" ? row : undefined;
    },
    { timeoutMs: 90_000, what: "the second worker to finish the restore", describe: () => second.output() },
  );
  await second.kill();
  expect(finished).toMatchObject({ status: "Succeeded", attempts: 2, error: null });
  // Taken over only after the lease ran out, not before.
  expect(finished.startedAt!.getTime()).toBeGreaterThanOrEqual(staging.leaseExpiresAt!.getTime());
  expect(await recordsHash(target.id)).toBe(sourceHash);
  expect((await prisma.instance.findUniqueOrThrow({ where: { id: target.id } })).state).toBe("Ready");
  const driver = openSnapshotDriver();
  try {
    expect(await driver.stagingIds()).toEqual([]);
  } finally {
    await driver.close();
  }
});
