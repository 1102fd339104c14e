// Integration: the alert outbox is written in the transaction of the outcome it reports — a
// rolled-back outcome leaves no delivery, a worker that lost its lease raises none — the
// operations' outcomes queue their alerts (restore started, succeeded and failed, backup failed,
// verification failed), and a missed daily backup is queued once per slot.
import { rmSync } from "node:fs";
import type { Instance } from "@prisma/client";
import { beforeEach, expect, test } from "vitest";
import { queueAlert } from "@/lib/alerts/queue-alert";
import { queueMissedBackupAlerts } from "@/lib/alerts/queue-missed-backup-alerts";
import { runLifecycleJobs } from "@/lib/lifecycle/run-scheduler";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { claimNextOperation } from "@/lib/operations/claim-operation";
import { failOperation } from "@/lib/operations/fail-operation";
import { backupFileKeys } from "@/lib/snapshot/format";
import { configureAlerts } from "./support/alert-settings";
import { requestVerificationAs, startRestoreAs } from "./support/backup-services";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { leaseMs, owner, queueBackup, runQueuedOperations, storagePath } from "./support/operations";

let counter = 0;
let admin: Actor;
let source: Instance;
let target: Instance;

// No request is sent here (no sender runs): the URL only has to be configured.
const webhookUrl = "http://127.0.0.1:9/unused";

beforeEach(async () => {
  const tenantId = (await createTenant(`Outbox tenant ${++counter}`)).id;
  admin = await createActor(`outbox-admin${counter}@test`, [{ role: "GlobalAdmin", tenantId }]);
  source = await createInstance(tenantId, { name: `Outbox source ${counter}` });
  target = await createInstance(tenantId, { name: `Outbox target ${counter}` });
  await seedRecords(source.id, { seed: counter, accounts: 2 });
  await configureAlerts(tenantId, { webhookUrl });
});

const deliveriesOf = (tenantId: string) =>
  prisma.alertDelivery.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });

test("an outcome that rolls back leaves no delivery behind", async () => {
  await expect(
    prisma.$transaction(async (tx) => {
      await queueAlert(tx, {
        type: "backup.failed",
        message: "Never committed.",
        occurredAt: new Date(),
        subject: { instanceId: source.id },
      });
      expect(await tx.alertDelivery.count({ where: { tenantId: source.tenantId } })).toBe(1);
      throw new Error("crash before commit");
    }),
  ).rejects.toThrow("crash before commit");
  expect(await deliveriesOf(source.tenantId)).toEqual([]);
});

test("a failed backup queues its alert with the reason; a worker that lost the lease queues none", async () => {
  const { backup } = await queueBackup(admin, source, "Nightly");
  const operation = (await claimNextOperation({ owner, leaseMs }))!;
  expect(await failOperation({ operation, owner: "someone else", actor: "system", reason: "Lost lease." })).toBe(false);
  expect(await deliveriesOf(source.tenantId)).toEqual([]);

  expect(await failOperation({ operation, owner, actor: "system", reason: "The disk is full." })).toBe(true);
  const [delivery] = await deliveriesOf(source.tenantId);
  expect(delivery).toMatchObject({
    eventType: "backup.failed",
    channel: "Webhook",
    target: webhookUrl,
    status: "Pending",
  });
  expect(JSON.parse(delivery!.payload)).toMatchObject({
    type: "backup.failed",
    instance: { id: source.id, name: source.name },
    backup: { id: backup.id, label: "Nightly" },
    operation: { id: operation.id, type: "Backup" },
    message: "The disk is full.",
  });
  // Written with the outcome: the operation's finish time is the event's.
  const failed = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
  expect(delivery!.createdAt).toEqual(failed.finishedAt);
});

test("a restore queues 'started' when accepted and 'succeeded' when it commits", async () => {
  const { backup } = await queueBackup(admin, source, "Golden");
  await runQueuedOperations();
  const { operation } = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });
  expect((await deliveriesOf(source.tenantId)).map((d) => d.eventType)).toEqual(["restore.started"]);
  await runQueuedOperations();
  const deliveries = await deliveriesOf(source.tenantId);
  expect(deliveries.map((d) => d.eventType)).toEqual(["restore.started", "restore.succeeded"]);
  expect(JSON.parse(deliveries[1]!.payload)).toMatchObject({
    instance: { id: target.id },
    backup: { id: backup.id, label: "Golden" },
    operation: { id: operation.id, type: "Restore" },
    message: `Restored "Golden" into ${target.name}.`,
  });
});

test("a restore from a damaged file queues 'failed' with the reason users see", async () => {
  const { backup } = await queueBackup(admin, source, "Damaged");
  await runQueuedOperations();
  const { storageKey } = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  for (const key of backupFileKeys(storageKey!)) rmSync(storagePath(key), { force: true });
  const { operation } = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });
  await runQueuedOperations();
  const failed = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
  const deliveries = await deliveriesOf(source.tenantId);
  expect(deliveries.map((d) => d.eventType)).toEqual(["restore.started", "restore.failed"]);
  expect(JSON.parse(deliveries[1]!.payload)).toMatchObject({ type: "restore.failed", message: failed.error });
});

test("a verification that finds the file damaged queues 'verification failed'; a pass queues nothing", async () => {
  const { backup } = await queueBackup(admin, source, "Checked");
  await runQueuedOperations();
  await requestVerificationAs({ actor: admin, backupId: backup.id });
  await runQueuedOperations();
  expect(await deliveriesOf(source.tenantId)).toEqual([]);

  const { storageKey } = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  for (const key of backupFileKeys(storageKey!)) rmSync(storagePath(key), { force: true });
  const { operation } = await requestVerificationAs({ actor: admin, backupId: backup.id });
  await runQueuedOperations();
  const failed = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
  const [delivery, ...others] = await deliveriesOf(source.tenantId);
  expect(others).toEqual([]);
  expect(delivery!.createdAt).toEqual(failed.finishedAt);
  expect(JSON.parse(delivery!.payload)).toMatchObject({
    type: "verification.failed",
    instance: { id: source.id },
    backup: { id: backup.id, label: "Checked" },
    operation: { id: operation.id, type: "Verify" },
    message: `Verification of "Checked" failed: ${failed.error}`,
  });
});

test("an event with a dedupe key is queued once however often it is noticed", async () => {
  const event = {
    type: "backup.missed" as const,
    message: "No daily backup started.",
    occurredAt: new Date(),
    subject: { instanceId: source.id },
    dedupeKey: `backup.missed:${source.id}:2026-12-03`,
  };
  await prisma.$transaction((tx) => queueAlert(tx, event));
  await prisma.$transaction((tx) => queueAlert(tx, event));
  expect(await deliveriesOf(source.tenantId)).toHaveLength(1);
});

test("a missed daily backup is alerted once per instance and slot, however many schedulers notice it", async () => {
  const slot = new Date("2026-12-03T02:00:00.000Z");
  const missed = [{ id: source.id, name: source.name, slot }];
  const now = new Date("2026-12-03T04:05:00.000Z");
  const passes = await Promise.all([
    queueMissedBackupAlerts({ missed, now }),
    queueMissedBackupAlerts({ missed, now }),
    queueMissedBackupAlerts({ missed, now }),
  ]);
  expect(passes.flat()).toEqual([source.id]);
  // The next pass still sees the slot missed, and queues nothing more; the next day's slot is new.
  expect(await queueMissedBackupAlerts({ missed, now })).toEqual([]);
  const tomorrow = new Date(slot.getTime() + 86_400_000);
  expect(await queueMissedBackupAlerts({ missed: [{ ...missed[0]!, slot: tomorrow }], now })).toEqual([source.id]);
  const deliveries = await deliveriesOf(source.tenantId);
  expect(deliveries.map((d) => [d.eventType, d.dedupeKey])).toEqual([
    ["backup.missed", `backup.missed:${source.id}:${slot.toISOString()}`],
    ["backup.missed", `backup.missed:${source.id}:${tomorrow.toISOString()}`],
  ]);
  expect(JSON.parse(deliveries[0]!.payload)).toMatchObject({
    type: "backup.missed",
    instance: { id: source.id },
    message: `The daily backup of ${source.name} due at ${formatDateTime(slot)} has not started.`,
  });
});

test("the scheduler's pass queues 'daily backup missed' when no worker has started the daily backup", async () => {
  // The day after tomorrow's slot, so the instance existed before it; no worker runs in this test.
  const slot = new Date(
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 2, 2),
  );
  const clock = () => new Date(slot.getTime() + 2 * 3_600_000 + 60_000);
  await runLifecycleJobs(clock, () => undefined);
  const missed = (await deliveriesOf(source.tenantId)).filter((d) => d.eventType === "backup.missed");
  expect(missed.map((d) => d.dedupeKey).sort()).toEqual(
    [source.id, target.id].map((id) => `backup.missed:${id}:${slot.toISOString()}`).sort(),
  );
  // A second pass (or a second scheduler) adds nothing.
  await runLifecycleJobs(clock, () => undefined);
  expect((await deliveriesOf(source.tenantId)).filter((d) => d.eventType === "backup.missed")).toHaveLength(2);
});
