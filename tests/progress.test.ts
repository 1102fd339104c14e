// Integration: a restore's progress (percent and records) is written to its Operation row while the
// rows are staged (staging runs in short transactions, so the row stays writable), and reads 100
// when it is done; the live snapshot carries it.
import { afterEach, expect, test, vi } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { loadLiveSnapshot } from "@/lib/live/load-live-snapshot";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { runQueuedOperations } from "./support/operations";
import { startRestoreAs } from "./support/backup-services";

afterEach(() => vi.restoreAllMocks());

test("a restore writes rising progress to its operation row while it stages, and ends at 100", async () => {
  const tenantId = (await createTenant("Progress")).id;
  const admin = await createActor("progress@test", [{ role: "GlobalAdmin", tenantId }]);
  const source = await createInstance(tenantId, { name: "Progress Source" });
  await seedRecords(source.id, { seed: 5, accounts: 800 });
  const target = await createInstance(tenantId, { name: "Progress Target" });
  const { backup } = await requestBackup({ actor: admin, instance: source, kind: "OnDemand", label: "progress" });
  await runQueuedOperations();
  const { operation } = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });

  // A spy calls through: the writes happen, and their arguments are kept.
  const updates = vi.spyOn(prisma.operation, "updateMany");
  await runQueuedOperations();
  const written = updates.mock.calls
    .map(([args]) => args)
    .filter((args) => args.where?.id === operation.id && typeof args.data.progress === "number")
    .map((args) => args.data.progress as number);
  const records = updates.mock.calls
    .map(([args]) => args)
    .filter((args) => args.where?.id === operation.id && typeof args.data.recordsDone === "number")
    .map((args) => [args.data.recordsDone as number, args.data.recordsTotal as number] as const);

  // About 6,000 records stage in batches of 2,000: the first batch's progress is written at once.
  expect(written.length).toBeGreaterThan(1);
  expect(written[0]).toBeGreaterThan(0);
  expect(written.every((p) => p >= 0 && p <= 99)).toBe(true);
  expect([...written].sort((a, b) => a - b)).toEqual(written);
  // Records staged, of all the backup holds, rising to all of them.
  const taken = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  const total = Object.values(JSON.parse(taken.recordCounts!) as Record<string, number>).reduce((a, b) => a + b, 0);
  expect(total).toBeGreaterThan(800);
  expect(records.length).toBeGreaterThan(1);
  expect(records.every(([, of]) => of === total)).toBe(true);
  expect(records.map(([done]) => done)).toEqual([...records.map(([done]) => done)].sort((a, b) => a - b));
  expect(records.at(-1)).toEqual([total, total]);
  expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
    status: "Succeeded",
    progress: 100,
  });
  const live = await loadLiveSnapshot(admin);
  expect(live.operations.find((op) => op.id === operation.id)).toMatchObject({ status: "Succeeded", progress: 100 });
});
