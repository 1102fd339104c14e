// Integration: a restore's progress is written to its Operation row while the rows are staged
// (staging runs in short transactions, so the row stays writable), and reads 100 when it is done.
import { afterEach, expect, test, vi } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { listRecentOperations } from "@/lib/backups/list-backups";
import { prisma } from "@/lib/db";
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

  // About 6,000 records stage in batches of 2,000: the first batch's progress is written at once.
  expect(written.length).toBeGreaterThan(1);
  expect(written[0]).toBeGreaterThan(0);
  expect(written.every((p) => p >= 0 && p <= 99)).toBe(true);
  expect([...written].sort((a, b) => a - b)).toEqual(written);
  expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
    status: "Succeeded",
    progress: 100,
  });
  const recent = await listRecentOperations({ actor: admin, instanceId: target.id });
  expect(recent.operations.find((op) => op.id === operation.id)?.progress).toBe(100);
});
