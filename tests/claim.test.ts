// Integration: how workers claim operations — the conditional update (SQLite) or SKIP LOCKED claim
// (PostgreSQL) that lets exactly one worker win, leases that expire when a worker dies, and giving up after too many attempts.
import type { Backup, Instance, Operation } from "@prisma/client";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { databaseProvider } from "@/lib/env";
import { claimNextOperation, renewLease } from "@/lib/operations/claim-operation";
import { executeOperation, maxAttempts } from "@/lib/operations/run-worker";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { leaseMs, recordsHash, runQueuedOperations } from "./support/operations";
import { startRestoreAs } from "./support/backup-services";

let tenantId: string;
let admin: Actor;
let source: Instance;
let backup: Backup;
let instanceCount = 0;

async function newSandbox(accounts: number) {
  const instance = await createInstance(tenantId, { name: `Sandbox ${++instanceCount}` });
  if (accounts) await seedRecords(instance.id, { seed: 100 + instanceCount, accounts });
  return instance;
}

async function queueBackup(): Promise<Operation> {
  const { operation } = await requestBackup({ actor: admin, instance: source, kind: "OnDemand", label: "Claimed" });
  return operation;
}

/**
 * Claims the next operation as `crashes` workers that each die at once: every claim happens at a
 * time after the previous lease ran out, as if the clock had moved on between them.
 */
async function claimAndCrash(crashes: number): Promise<Operation> {
  const start = Date.now() - 10 * 60_000;
  let claimed: Operation | null = null;
  for (let i = 0; i < crashes; i++) {
    claimed = await claimNextOperation({ owner: `crashed-${i}`, leaseMs: 1000, now: new Date(start + i * 60_000) });
    expect(claimed).toMatchObject({ status: "Running", attempts: i + 1, leaseOwner: `crashed-${i}` });
  }
  return claimed!;
}

const reload = (id: string) => prisma.operation.findUniqueOrThrow({ where: { id } });
const stateOf = async (instance: Instance) =>
  (await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } })).state;

beforeAll(async () => {
  tenantId = (await createTenant("Contoso")).id;
  admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId }]);
  source = await createInstance(tenantId, { name: "Source" });
  await seedRecords(source.id, { seed: 1, accounts: 10 });
  await queueBackup();
  await runQueuedOperations();
  backup = await prisma.backup.findFirstOrThrow({ where: { instanceId: source.id, status: "Succeeded" } });
});

afterEach(async () => {
  expect(await prisma.operation.count({ where: { status: { in: ["Queued", "Running"] } } })).toBe(0);
});

describe("claimNextOperation", () => {
  test("of two workers racing for one queued operation, exactly one claims it", async () => {
    for (let round = 0; round < 5; round++) {
      const operation = await queueBackup();
      const updates = vi.spyOn(prisma.operation, "updateMany");
      const claims = await Promise.all(["worker-a", "worker-b"].map((owner) => claimNextOperation({ owner, leaseMs })));
      if (databaseProvider() === "sqlite") {
        // One writer at a time: both workers see the operation as runnable and both try the conditional update.
        expect(updates).toHaveBeenCalledTimes(2);
        expect(await Promise.all(updates.mock.results.map((r) => r.value))).toEqual([{ count: 1 }, { count: 0 }]);
      }
      updates.mockRestore();
      const winners = claims.filter((c): c is Operation => c !== null);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!;
      expect(winner).toMatchObject({ id: operation.id, status: "Running", attempts: 1 });
      expect(["worker-a", "worker-b"]).toContain(winner.leaseOwner);
      expect(await reload(operation.id)).toMatchObject({ leaseOwner: winner.leaseOwner, attempts: 1 });

      await executeOperation(winner, winner.leaseOwner!, leaseMs);
      expect(await reload(operation.id)).toMatchObject({ status: "Succeeded", leaseOwner: null });
    }
  });

  test("many workers and two operations: each operation is claimed once", async () => {
    const queued = [await queueBackup(), await queueBackup()];
    const owners = ["w1", "w2", "w3", "w4", "w5"];
    const claims = await Promise.all(owners.map((owner) => claimNextOperation({ owner, leaseMs })));
    const winners = claims.filter((c): c is Operation => c !== null);
    expect(winners.map((w) => w.id).sort()).toEqual(queued.map((q) => q.id).sort());
    expect(new Set(winners.map((w) => w.leaseOwner)).size).toBe(2);
    for (const winner of winners) await executeOperation(winner, winner.leaseOwner!, leaseMs);
  });

  test("a running operation whose lease is still valid is left to its worker", async () => {
    const operation = await queueBackup();
    const claimed = await claimNextOperation({ owner: "alive", leaseMs });
    expect(claimed?.id).toBe(operation.id);
    expect(await claimNextOperation({ owner: "other", leaseMs })).toBeNull();
    expect(await reload(operation.id)).toMatchObject({ leaseOwner: "alive", attempts: 1 });
    await executeOperation(claimed!, "alive", leaseMs);
  });

  test("a running operation whose lease expired is claimed again, its attempts incremented", async () => {
    const operation = await queueBackup();
    const crashed = await claimAndCrash(1);
    expect(crashed.leaseExpiresAt!.getTime()).toBeLessThan(Date.now());

    const before = Date.now();
    const reclaimed = await claimNextOperation({ owner: "test", leaseMs });
    expect(reclaimed).toMatchObject({ id: operation.id, status: "Running", attempts: 2, leaseOwner: "test" });
    expect(reclaimed!.leaseExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + leaseMs);
    expect(reclaimed!.startedAt!.getTime()).toBeGreaterThanOrEqual(before);

    await executeOperation(reclaimed!, "test", leaseMs);
    expect(await reload(operation.id)).toMatchObject({ status: "Succeeded", attempts: 2 });
    const done = await prisma.backup.findUniqueOrThrow({ where: { id: operation.backupId! } });
    expect(done.status).toBe("Succeeded");
  });

  test("renewing the lease keeps an operation from being claimed by another worker", async () => {
    const operation = await queueBackup();
    await claimNextOperation({ owner: "slow", leaseMs: 1000, now: new Date(Date.now() - 60_000) });
    expect(await renewLease({ operationId: operation.id, owner: "slow", leaseMs })).toBe(true);
    expect(await claimNextOperation({ owner: "other", leaseMs })).toBeNull();
    // Another owner can't renew a lease it doesn't hold.
    expect(await renewLease({ operationId: operation.id, owner: "other", leaseMs })).toBe(false);
    const claimed = await reload(operation.id);
    await executeOperation(claimed, "slow", leaseMs);
    expect(await reload(operation.id)).toMatchObject({ status: "Succeeded" });
  });
});

describe("restores taken over by another worker", () => {
  test("the worker that lost its lease can't finish the restore; the new holder does", async () => {
    const target = await newSandbox(4);
    const before = await recordsHash(target.id);
    const { operation } = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });
    const stale = await claimAndCrash(1);
    const current = await claimNextOperation({ owner: "test", leaseMs });
    expect(current).toMatchObject({ id: operation.id, attempts: 2, leaseOwner: "test" });

    // The old worker was only slow, not dead: it runs its copy of the operation to the end.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await executeOperation(stale, stale.leaseOwner!, leaseMs);
    } finally {
      quiet.mockRestore();
    }
    expect(await reload(operation.id)).toMatchObject({
      status: "Running",
      leaseOwner: "test",
      exclusiveKey: target.id,
    });
    expect(await stateOf(target)).toBe("Restoring");
    expect(await recordsHash(target.id)).toBe(before);

    await executeOperation(current!, "test", leaseMs);
    expect(await reload(operation.id)).toMatchObject({ status: "Succeeded", exclusiveKey: null, leaseOwner: null });
    expect(await stateOf(target)).toBe("Ready");
    expect(await recordsHash(target.id)).toBe(await recordsHash(source.id));
  });
});

describe("giving up", () => {
  test(`a restore claimed for the ${maxAttempts + 1}th time is failed and its instance returns to Ready`, async () => {
    const target = await newSandbox(5);
    const before = await recordsHash(target.id);
    const { operation } = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });
    await claimAndCrash(maxAttempts);

    const last = await claimNextOperation({ owner: "test", leaseMs });
    expect(last).toMatchObject({ id: operation.id, attempts: maxAttempts + 1 });
    await executeOperation(last!, "test", leaseMs);

    expect(await reload(operation.id)).toMatchObject({
      status: "Failed",
      error: `The operation was interrupted ${maxAttempts} times and was stopped.`,
      exclusiveKey: null,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    expect(await stateOf(target)).toBe("Ready");
    expect(await recordsHash(target.id)).toBe(before);
    expect(await prisma.auditEntry.findMany({ where: { operationId: operation.id } })).toEqual([
      expect.objectContaining({ action: "backup.restore", outcome: "failed", actorEmail: "System" }),
    ]);

    // The instance is free again: a new restore can be queued and runs.
    const again = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });
    await runQueuedOperations();
    expect(await reload(again.operation.id)).toMatchObject({ status: "Succeeded" });
    expect(await recordsHash(target.id)).toBe(await recordsHash(source.id));
  });

  test(`a backup on its ${maxAttempts}th attempt still runs`, async () => {
    const operation = await queueBackup();
    await claimAndCrash(maxAttempts - 1);
    const last = await claimNextOperation({ owner: "test", leaseMs });
    expect(last).toMatchObject({ id: operation.id, attempts: maxAttempts });
    await executeOperation(last!, "test", leaseMs);
    expect(await reload(operation.id)).toMatchObject({ status: "Succeeded" });
  });

  test(`a backup claimed for the ${maxAttempts + 1}th time is failed, and so is its Backup row`, async () => {
    const operation = await queueBackup();
    await claimAndCrash(maxAttempts);
    const last = await claimNextOperation({ owner: "test", leaseMs });
    await executeOperation(last!, "test", leaseMs);
    const reason = `The operation was interrupted ${maxAttempts} times and was stopped.`;
    expect(await reload(operation.id)).toMatchObject({ status: "Failed", error: reason, leaseOwner: null });
    expect(await prisma.backup.findUniqueOrThrow({ where: { id: operation.backupId! } })).toMatchObject({
      status: "Failed",
      failureReason: reason,
    });
    expect(await stateOf(source)).toBe("Ready");
  });
});
