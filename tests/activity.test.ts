// Activity: every operation of an instance with who, when, how long, how much and how it ended,
// kept after it ends (a failed restore is still there with its reason on the target and on the
// source), paged server-side, and naming nothing of an instance outside the actor's scope.
import { rmSync } from "node:fs";
import { expect, test } from "vitest";
import { prisma } from "@/lib/db";
import { requestUpdate, switchInstance } from "@/lib/instances/change-instance";
import { renameInstance } from "@/lib/instances/rename-instance";
import { purgeExpiredBackups } from "@/lib/lifecycle/purge-backups";
import { activityPageSize, listActivity } from "@/lib/operations/list-activity";
import { backupFileKeys } from "@/lib/snapshot/format";
import { startRestoreAs } from "./support/backup-services";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, runQueuedOperations, storagePath } from "./support/operations";

async function estate(n: number) {
  const tenantId = (await createTenant(`Activity Tenant ${n}`)).id;
  const admin = await createActor(`activity-admin${n}@test`, [{ role: "GlobalAdmin", tenantId }]);
  const mine = await createInstance(tenantId, { name: `Activity Sandbox ${n}` });
  const hidden = await createInstance(tenantId, { name: `Activity Training ${n}` });
  const sysadmin = await createActor(`activity-sysadmin${n}@test`, [
    { role: "SystemAdministrator", instanceId: mine.id },
  ]);
  await seedRecords(mine.id, { seed: 1, accounts: 5 });
  await seedRecords(hidden.id, { seed: 2, accounts: 3 });
  return { admin, sysadmin, mine, hidden };
}

const activityOf = async (actor: Parameters<typeof listActivity>[0]["actor"], instanceId: string, page = 1) =>
  listActivity({ actor, instance: await prisma.instance.findUniqueOrThrow({ where: { id: instanceId } }), page });

test("lists every kind of operation, newest first, with who, duration, records, size and outcome", async () => {
  const { admin, mine } = await estate(1);
  const { backup } = await queueBackup(admin, mine, "Before the migration");
  await runQueuedOperations();
  const stored = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: mine.id });
  await runQueuedOperations();
  await switchInstance({
    actor: admin,
    instance: await prisma.instance.findUniqueOrThrow({ where: { id: mine.id } }),
    to: "Production",
  });
  await renameInstance({
    actor: admin,
    instance: await prisma.instance.findUniqueOrThrow({ where: { id: mine.id } }),
    name: "Activity Renamed 1",
  });
  await requestUpdate({
    actor: admin,
    instance: await prisma.instance.findUniqueOrThrow({ where: { id: mine.id } }),
    version: "9.3.5",
  });
  await runQueuedOperations();

  const { items, total } = await activityOf(admin, mine.id);
  expect(items.map((item) => item.type)).toEqual(["Update", "Rename", "Switch", "Restore", "Backup"]);
  expect(total).toBe(5);
  const [update, rename, switched, restore, backedUp] = items;
  const records = Object.values(JSON.parse(stored.recordCounts!) as Record<string, number>).reduce((a, b) => a + b);
  expect(backedUp).toMatchObject({
    status: "Succeeded",
    startedBy: admin.name,
    label: "Before the migration",
    records,
    bytes: Number(stored.sizeBytes),
    direction: "on",
  });
  expect(backedUp!.durationMs).toBeGreaterThanOrEqual(0);
  expect(restore).toMatchObject({ status: "Succeeded", direction: "on", label: "Before the migration", records });
  expect(switched).toMatchObject({ status: "Succeeded", detail: "From Sandbox to Production", startedBy: admin.name });
  expect(rename).toMatchObject({ detail: "From Activity Sandbox 1 to Activity Renamed 1" });
  expect(update).toMatchObject({ status: "Succeeded", targetVersion: "9.3.5" });

  // An expired backup purged by the scheduler shows as done by System.
  await purgeExpiredBackups({ now: new Date(Date.now() + 30 * 86_400_000) });
  // Both backups expired: the on-demand one and the update's system backup.
  const purges = (await activityOf(admin, mine.id)).items.slice(0, 2);
  for (const purge of purges) expect(purge).toMatchObject({ type: "Purge", startedBy: "System", status: "Succeeded" });
  expect(purges.map((purge) => purge.detail).sort()).toEqual([
    expect.stringMatching(/^Expired on-demand backup "Before the migration" of /),
    expect.stringMatching(/^Expired system backup "Before update to 9.3.5" of /),
  ]);
});

test("a failed restore stays listed with its reason on the target and on the source", async () => {
  const { admin, mine, hidden } = await estate(2);
  const { backup } = await queueBackup(admin, hidden, "Damaged later");
  await runQueuedOperations();
  const { storageKey } = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  for (const key of backupFileKeys(storageKey!)) rmSync(storagePath(key), { force: true });
  const { operation } = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: mine.id });
  await runQueuedOperations();
  const failed = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
  expect(failed.status).toBe("Failed");

  const onTarget = (await activityOf(admin, mine.id)).items.find((item) => item.id === operation.id);
  expect(onTarget).toMatchObject({
    status: "Failed",
    direction: "on",
    error: failed.error,
    sourceName: "Activity Training 2",
  });
  const onSource = (await activityOf(admin, hidden.id)).items.find((item) => item.id === operation.id);
  expect(onSource).toMatchObject({ status: "Failed", direction: "to", targetName: "Activity Sandbox 2" });
  expect(failed.error).toBeTruthy();
});

test("what belongs to an instance outside the actor's scope is withheld", async () => {
  const { admin, sysadmin, mine, hidden } = await estate(3);
  const ofMine = (await queueBackup(admin, mine, "Quarterly close")).backup;
  const ofHidden = (await queueBackup(admin, hidden, "Secret migration")).backup;
  await runQueuedOperations();
  const outbound = await startRestoreAs({ actor: admin, backupId: ofMine.id, targetInstanceId: hidden.id });
  await runQueuedOperations();
  const inbound = await startRestoreAs({ actor: admin, backupId: ofHidden.id, targetInstanceId: mine.id });
  await runQueuedOperations();
  await prisma.operation.update({
    where: { id: inbound.operation.id },
    data: { error: "Activity Training 3 is gone." },
  });

  const { items } = await activityOf(sysadmin, mine.id);
  expect(items.find((item) => item.id === outbound.operation.id)).toMatchObject({
    direction: "to",
    label: "Quarterly close",
    targetName: "another instance",
  });
  expect(items.find((item) => item.id === inbound.operation.id)).toMatchObject({
    direction: "on",
    label: null,
    sourceName: "another instance",
    records: null,
    bytes: null,
    error: "The restore did not complete.",
  });
  const text = JSON.stringify(items);
  for (const secret of ["Activity Training", "Secret migration", hidden.id, ofHidden.id])
    expect(text).not.toContain(secret);
  // The hidden instance's own backup is not in mine's Activity at all.
  expect(items.some((item) => item.label === "Secret migration")).toBe(false);
});

test("pages are server-side, newest first, and a page past the end shows the last", async () => {
  const { admin, mine } = await estate(4);
  const count = activityPageSize * 2 + 3;
  for (let i = 0; i < count; i++) await queueBackup(admin, mine, `Backup ${i}`);
  const first = await activityOf(admin, mine.id);
  expect(first).toMatchObject({ page: 1, pageCount: 3, total: count });
  expect(first.items).toHaveLength(activityPageSize);
  expect(first.items[0]!.label).toBe(`Backup ${count - 1}`);
  expect(first.items.every((item) => item.status === "Queued" && item.durationMs === null)).toBe(true);
  const last = await activityOf(admin, mine.id, 99);
  expect(last).toMatchObject({ page: 3 });
  expect(last.items.map((item) => item.label)).toEqual(["Backup 2", "Backup 1", "Backup 0"]);
});
