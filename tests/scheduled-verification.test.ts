// The scheduler verifies each instance's newest successful backup once a day and test-restores it
// once a week into scratch staging tables (never an instance), comparing counts and a hash of every
// row, and records how long the restore took. Idempotent across scheduler processes.
import type { Instance } from "@prisma/client";
import { beforeEach, expect, test, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { ensureScheduledVerifications, isoWeek } from "@/lib/lifecycle/scheduled-verifications";
import { listActivity } from "@/lib/operations/list-activity";
import { openSnapshotDriver } from "@/lib/snapshot/open-snapshot-driver";
import { backupFileDamages } from "./support/backup-file-damages";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, recordsHash, runQueuedOperations, storagePath } from "./support/operations";
import { runTwoSchedulers } from "./support/run-scheduler-processes";

let admin: Actor;
let instances: Instance[];

beforeEach(async () => {
  await prisma.operation.deleteMany();
  await prisma.backup.deleteMany();
  await prisma.instance.deleteMany();
  const tenantId = (await createTenant(`Scheduled ${Math.random()}`)).id;
  admin = await createActor(`scheduled-${Math.random()}@test`, [{ role: "GlobalAdmin", tenantId }]);
  instances = [];
  for (let i = 0; i < 2; i++) {
    const instance = await createInstance(tenantId, { name: `Scheduled ${i} ${Math.random()}` });
    await seedRecords(instance.id, { seed: 30 + i, accounts: 6 });
    instances.push(instance);
  }
});

/**
 * Two backups per instance; the second, newer one is what the scheduler should pick. Kept until
 * 2031, so the simulated weeks of 2030 find them unexpired.
 */
async function backUpTwice() {
  const newest = new Map<string, string>();
  for (const label of ["Older", "Newer"]) {
    for (const instance of instances) {
      const { backup } = await queueBackup(admin, instance, label);
      await runQueuedOperations();
      newest.set(instance.id, backup.id);
    }
  }
  await prisma.backup.updateMany({ data: { expiresAt: new Date("2031-01-01T00:00:00Z") } });
  return newest;
}

const stagedTables = async () => {
  const driver = openSnapshotDriver();
  try {
    return await driver.stagingIds();
  } finally {
    await driver.close();
  }
};

test("ISO weeks: Monday starts one, and the first week of a year holds its first Thursday", () => {
  expect(isoWeek(new Date("2026-12-03T10:00:00Z"))).toBe("2026-W49");
  expect(isoWeek(new Date("2026-12-06T23:59:00Z"))).toBe("2026-W49");
  expect(isoWeek(new Date("2026-12-07T00:00:00Z"))).toBe("2026-W50");
  expect(isoWeek(new Date("2027-01-01T00:00:00Z"))).toBe("2026-W53");
  expect(isoWeek(new Date("2027-01-04T00:00:00Z"))).toBe("2027-W01");
});

test("daily verification and weekly test restore of the newest backup, each once per period", async () => {
  const newest = await backUpTwice();
  const hashes = await Promise.all(instances.map((i) => recordsHash(i.id)));
  const thursday = new Date("2030-01-03T03:00:00Z");

  const first = await ensureScheduledVerifications({ now: thursday });
  expect(first.verified.sort()).toEqual(instances.map((i) => i.id).sort());
  expect(first.testRestored.sort()).toEqual(instances.map((i) => i.id).sort());
  // The same day and week again: nothing more.
  const again = await ensureScheduledVerifications({ now: new Date(thursday.getTime() + 3_600_000) });
  expect(again).toMatchObject({ verified: [], testRestored: [] });
  const queued = await prisma.operation.findMany({ where: { status: "Queued" } });
  expect(queued).toHaveLength(4);
  for (const operation of queued) {
    expect(operation).toMatchObject({ requestedById: null, backupId: newest.get(operation.instanceId) });
  }

  await runQueuedOperations();

  for (const instance of instances) {
    const backup = await prisma.backup.findUniqueOrThrow({ where: { id: newest.get(instance.id)! } });
    const records = Object.values(JSON.parse(backup.recordCounts!) as Record<string, number>).reduce((a, b) => a + b);
    expect(backup).toMatchObject({
      status: "Succeeded",
      verificationPassed: true,
      testRestorePassed: true,
      testRestoreRecords: records,
    });
    expect(backup.testRestoreMs).toBeGreaterThanOrEqual(0);
    const { items } = await listActivity({ actor: admin, instance });
    expect(items.slice(0, 2).map((item) => [item.type, item.status, item.startedBy])).toEqual(
      expect.arrayContaining([
        ["Verify", "Succeeded", "System"],
        ["TestRestore", "Succeeded", "System"],
      ]),
    );
    const testRestore = items.find((item) => item.type === "TestRestore")!;
    expect(testRestore.detail).toMatch(new RegExp(`^${records} records in \\d+ (ms|s)$`));
  }
  // Scratch only: no instance's records changed, and the staging tables are gone.
  expect(await Promise.all(instances.map((i) => recordsHash(i.id)))).toEqual(hashes);
  expect(await stagedTables()).toEqual([]);

  // Next day (Friday): verified again; the week's test restore is done.
  const friday = await ensureScheduledVerifications({ now: new Date("2030-01-04T03:00:00Z") });
  expect(friday.verified).toHaveLength(2);
  expect(friday.testRestored).toEqual([]);
  // Next Monday: a new week.
  await runQueuedOperations();
  const monday = await ensureScheduledVerifications({ now: new Date("2030-01-07T03:00:00Z") });
  expect(monday.testRestored).toHaveLength(2);
  await runQueuedOperations();
});

test("an instance whose backup is still running waits for it", async () => {
  await backUpTwice();
  const busy = instances[0]!;
  const { backup: running } = await queueBackup(admin, busy, "Still running");
  const run = await ensureScheduledVerifications({ now: new Date("2030-01-03T03:00:00Z") });
  expect(run.verified).toEqual([instances[1]!.id]);
  await runQueuedOperations();
  await prisma.backup.updateMany({ data: { expiresAt: new Date("2031-01-01T00:00:00Z") } });
  const later = await ensureScheduledVerifications({ now: new Date("2030-01-03T04:00:00Z") });
  expect(later.verified).toEqual([busy.id]);
  expect(await prisma.operation.findFirst({ where: { type: "Verify", instanceId: busy.id } })).toMatchObject({
    backupId: running.id,
  });
  await runQueuedOperations();
});

test("a test restore of a damaged file fails it verification and leaves nothing staged", async () => {
  const newest = await backUpTwice();
  const instance = instances[0]!;
  const backup = await prisma.backup.findUniqueOrThrow({ where: { id: newest.get(instance.id)! } });
  backupFileDamages[0]![1](storagePath(backup.storageKey!));
  // Only the test restore: the day's verification was already done.
  await prisma.operation.create({
    data: {
      type: "Verify",
      instanceId: instance.id,
      backupId: backup.id,
      scheduleKey: `verify:${instance.id}:2030-01-03`,
      status: "Succeeded",
    },
  });
  await ensureScheduledVerifications({ now: new Date("2030-01-03T03:00:00Z") });
  const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
  await runQueuedOperations().finally(() => quiet.mockRestore());

  const testRestore = await prisma.operation.findFirstOrThrow({ where: { type: "TestRestore", backupId: backup.id } });
  expect(testRestore.status).toBe("Failed");
  expect(testRestore.error).toMatch(/^The backup file failed verification: /);
  expect(await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).toMatchObject({
    status: "FailedVerification",
    testRestorePassed: false,
    verificationPassed: false,
  });
  expect(await stagedTables()).toEqual([]);
});

test("two scheduler processes on one database queue each verification and test restore once", async () => {
  await backUpTwice();
  const times = ["2030-01-03T03:00:00Z", "2030-01-03T03:30:00Z", "2030-01-04T03:00:00Z", "2030-01-07T03:00:00Z"];

  const queuedByProcess = await runTwoSchedulers({ job: "verifications", times });

  // 3 days x 2 instances verifications; 2 weeks x 2 instances test restores; each queued by one process.
  expect(queuedByProcess.flat()).toHaveLength(3 * 2 + 2 * 2);
  expect(new Set(queuedByProcess.flat().filter((key) => key.startsWith("verify:"))).size).toBe(2);
  expect(await prisma.operation.count({ where: { type: "Verify" } })).toBe(3 * 2);
  expect(await prisma.operation.count({ where: { type: "TestRestore" } })).toBe(2 * 2);
});
