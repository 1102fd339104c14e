// Integration: restore progress during the apply phase, which can't be written to the Operation row
// while the restore holds SQLite's write lock, so it goes through the progress board.
import { afterEach, expect, test, vi } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { listRecentOperations } from "@/lib/backups/list-backups";
import { startRestore } from "@/lib/backups/start-restore";
import { prisma } from "@/lib/db";
import { currentProgress, progressBoard } from "@/lib/operations/progress-board";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { runQueuedOperations } from "./support/operations";

afterEach(() => vi.restoreAllMocks());

test("the board keeps one value per operation, bounded to 0–100, and refuses ids that aren't ids", () => {
  const board = progressBoard();
  expect(board.read("cknotposted")).toBeNull();
  board.post("ckposted", 42.7);
  expect(board.read("ckposted")).toBe(42);
  board.post("ckposted", 250);
  expect(board.read("ckposted")).toBe(100);
  board.clear("ckposted");
  expect(board.read("ckposted")).toBeNull();
  expect(() => board.post("../escape", 1)).toThrow(/Invalid operation id/);
});

test("readers show the board's progress only while an operation runs, and never less than the row's", () => {
  progressBoard().post("ckrunning", 64);
  expect(currentProgress({ id: "ckrunning", status: "Running", progress: 30 })).toBe(64);
  expect(currentProgress({ id: "ckrunning", status: "Running", progress: 80 })).toBe(80);
  expect(currentProgress({ id: "ckrunning", status: "Succeeded", progress: 100 })).toBe(100);
  progressBoard().clear("ckrunning");
});

test("a restore posts progress past the verify share while it applies, and clears it when done", async () => {
  const tenantId = (await createTenant("Progress")).id;
  const admin = await createActor("progress@test", [{ role: "GlobalAdmin", tenantId }]);
  const source = await createInstance(tenantId, { name: "Progress Source" });
  await seedRecords(source.id, { seed: 5, accounts: 400 });
  const target = await createInstance(tenantId, { name: "Progress Target" });
  const { backup } = await requestBackup({ actor: admin, instance: source, kind: "OnDemand", label: "progress" });
  await runQueuedOperations();
  const { operation } = await startRestore({ actor: admin, backupId: backup.id, targetInstanceId: target.id });

  const posted: number[] = [];
  const board = progressBoard();
  const post = board.post.bind(board);
  vi.spyOn(board, "post").mockImplementation((operationId, percent) => {
    posted.push(percent);
    post(operationId, percent);
  });
  await runQueuedOperations();

  // Posts are at most every 400 ms, so a small restore posts at least its first batch.
  expect(posted.length).toBeGreaterThan(0);
  expect(posted.every((p) => p >= 30 && p <= 99)).toBe(true);
  expect([...posted].sort((a, b) => a - b)).toEqual(posted);
  expect(board.read(operation.id)).toBeNull();
  expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
    status: "Succeeded",
    progress: 100,
  });
  const recent = await listRecentOperations({ actor: admin, instanceId: target.id });
  expect(recent.operations.find((op) => op.id === operation.id)?.progress).toBe(100);
});
