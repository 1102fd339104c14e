// A worker process killed in the middle of a restore, on each database (and one paused there, on
// PostgreSQL): another worker process takes the operation over once the lease runs out and
// finishes it, and the target holds either its old records (until then) or exactly the backup's
// (after), never a mix.
import type { Operation } from "@prisma/client";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { databaseProvider } from "@/lib/env";
import { openSnapshotDriver } from "@/lib/snapshot/open-snapshot-driver";
import { startScript, stopAllProcesses, type Child } from "./faults/support/processes";
import { sleep, waitFor } from "./faults/support/wait";
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

type Midway = {
  operation: { id: string };
  target: { id: string };
  sourceHash: string;
  /** The operation as it was when the first worker had written some records and not all. */
  midway: Operation;
  first: Child;
};

/**
 * A restore of about 60,000 records (long enough to stop the worker in the middle) into a target
 * holding records of its own, run by a first worker until it has written some of them.
 */
async function restoreUnderWay(name: string): Promise<Midway> {
  const source = await createInstance(tenantId, { name: `${name} Source` });
  await seedRecords(source.id, { seed: 1, accounts: 8000 });
  await queueBackup(admin, source, "Large");
  await runQueuedOperations();
  const backup = await prisma.backup.findFirstOrThrow({ where: { instanceId: source.id, status: "Succeeded" } });
  const target = await createInstance(tenantId, { name: `${name} Target` });
  await seedRecords(target.id, { seed: 2, accounts: 5 });
  const [sourceHash, targetBefore] = [await recordsHash(source.id), await recordsHash(target.id)];

  const { operation } = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });
  const first = startWorker("first worker");
  const midway = await waitFor(
    async () => {
      const row = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
      return row.status === "Running" && (row.recordsDone ?? 0) > 0 ? row : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 20, what: "the first worker to write records", describe: () => first.output() },
  );
  first.signal("SIGSTOP"); // frozen at once, mid-restore
  expect(midway.recordsDone).toBeLessThan(midway.recordsTotal!);
  expect(await recordsHash(target.id)).toBe(targetBefore);
  expect((await prisma.instance.findUniqueOrThrow({ where: { id: target.id } })).state).toBe("Restoring");
  return { operation, target, sourceHash, midway, first };
}

/** Starts a second worker and waits for it to end the restore; checks it took over only after the lease ran out. */
async function secondWorkerFinishes({ operation, target, sourceHash, midway }: Midway): Promise<Operation> {
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
  expect(finished.startedAt!.getTime()).toBeGreaterThanOrEqual(midway.leaseExpiresAt!.getTime());
  expect(await recordsHash(target.id)).toBe(sourceHash);
  expect((await prisma.instance.findUniqueOrThrow({ where: { id: target.id } })).state).toBe("Ready");
  return finished;
}

test("a worker killed mid-restore: another takes over after the lease and finishes it", async () => {
  const restore = await restoreUnderWay("Killed");
  await restore.first.kill();
  await secondWorkerFinishes(restore);
  const driver = openSnapshotDriver();
  try {
    expect(await driver.stagingIds()).toEqual([]);
  } finally {
    await driver.close();
  }
});

// On PostgreSQL a restore copies rows straight into the target inside one transaction: a worker
// paused there still holds the target's rows, and its connection stays open. The worker that
// takes over ends that transaction instead of waiting for it forever.
test.runIf(databaseProvider() === "postgresql")(
  "a worker paused mid-restore past its lease: another ends its transaction, takes over and finishes",
  async () => {
    const restore = await restoreUnderWay("Paused");
    const finished = await secondWorkerFinishes(restore);
    // Resumed, the first finds its transaction ended and its lease gone: it changes nothing.
    restore.first.signal("SIGCONT");
    await sleep(2_000);
    await restore.first.kill();
    const { operation, target, sourceHash } = restore;
    expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
      status: "Succeeded",
      finishedAt: finished.finishedAt,
    });
    expect(await recordsHash(target.id)).toBe(sourceHash);
    const outcomes = await prisma.auditEntry.findMany({
      where: { operationId: operation.id, action: "backup.restore" },
    });
    expect(outcomes.map(({ outcome }) => outcome)).toEqual(["succeeded"]);
  },
);
