// Backup health: Healthy needs a successful backup within 26 hours and a passing newest
// verification; anything else is Attention with its reason. The clock is injected, so a day
// (healthy → missed → healthy) passes in a few calls; the backups themselves are real.
import type { Instance } from "@prisma/client";
import { beforeAll, describe, expect, test, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { assessBackupHealth, summarizeHealth, type HealthInput } from "@/lib/health/backup-health";
import { listMissedDailyBackups } from "@/lib/health/list-missed-daily-backups";
import { loadBackupHealth } from "@/lib/health/load-backup-health";
import { ensureDailySystemBackups, systemBackupSlots } from "@/lib/lifecycle/system-backups";
import { backupFileDamages } from "./support/backup-file-damages";
import { requestVerificationAs } from "./support/backup-services";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, runQueuedOperations, storagePath } from "./support/operations";

const hour = 3_600_000;

describe("the rules", () => {
  const slot = new Date("2027-05-10T02:00:00Z");
  const previousSlot = new Date("2027-05-09T02:00:00Z");
  const succeeded = { status: "Succeeded" as const, failureReason: null };
  const input = (patch: Partial<HealthInput> = {}): HealthInput => ({
    instance: { createdAt: new Date("2027-01-01T00:00:00Z") },
    lastSuccessfulAt: new Date("2027-05-10T02:10:00Z"),
    dailySlots: [
      { slot, backup: succeeded },
      { slot: previousSlot, backup: succeeded },
    ],
    newestVerification: { passed: true, label: "Daily backup 2027-05-10" },
    newestBackup: { label: "Daily backup 2027-05-10", status: "Succeeded" },
    ...patch,
  });
  const at = (iso: string) => new Date(iso);

  test("healthy: a fresh successful backup and a passing newest verification", () => {
    expect(assessBackupHealth(input(), at("2027-05-10T12:00:00Z"))).toEqual({
      status: "Healthy",
      problem: null,
      reason: null,
      lastSuccessfulAt: new Date("2027-05-10T02:10:00Z"),
    });
    expect(assessBackupHealth(input({ newestVerification: null }), at("2027-05-10T12:00:00Z")).status).toBe("Healthy");
  });

  test("a failed newest verification comes first", () => {
    const health = assessBackupHealth(
      input({ newestVerification: { passed: false, label: "Nightly" } }),
      at("2027-05-10T12:00:00Z"),
    );
    expect(health).toMatchObject({ status: "Attention", problem: "verificationFailed" });
    expect(health.reason).toBe('Backup "Nightly" failed verification.');
  });

  test("the latest restore point damaged needs attention though an older backup verified since", () => {
    const health = assessBackupHealth(
      input({ newestBackup: { label: "Before go-live", status: "FailedVerification" } }),
      at("2027-05-10T12:00:00Z"),
    );
    expect(health).toMatchObject({
      problem: "verificationFailed",
      reason: 'Backup "Before go-live" failed verification.',
    });
  });

  test("the last daily backup failed: the latest slot's, or the one before while the latest is under way", () => {
    const failed = { status: "Failed" as const, failureReason: "Storage is full." };
    expect(
      assessBackupHealth(input({ dailySlots: [{ slot, backup: failed }] }), at("2027-05-10T03:00:00Z")),
    ).toMatchObject({ problem: "dailyFailed", reason: "The last daily backup failed: Storage is full." });
    const underWay = input({
      dailySlots: [
        { slot, backup: { status: "InProgress", failureReason: null } },
        { slot: previousSlot, backup: failed },
      ],
    });
    expect(assessBackupHealth(underWay, at("2027-05-10T02:30:00Z")).problem).toBe("dailyFailed");
  });

  test("missed: not started two hours after the slot, unless the instance is newer than the slot", () => {
    const none = input({
      dailySlots: [
        { slot, backup: null },
        { slot: previousSlot, backup: succeeded },
      ],
    });
    expect(assessBackupHealth(none, at("2027-05-10T03:59:59Z")).status).toBe("Healthy");
    expect(assessBackupHealth(none, at("2027-05-10T04:00:00Z"))).toMatchObject({
      problem: "dailyMissed",
      reason: "The daily backup was missed: not started by May 10, 2027, 04:00 UTC.",
    });
    const queued = input({ dailySlots: [{ slot, backup: { status: "Queued", failureReason: null } }] });
    expect(assessBackupHealth(queued, at("2027-05-10T05:00:00Z")).problem).toBe("dailyMissed");
    const newer = input({ instance: { createdAt: at("2027-05-10T03:00:00Z") }, dailySlots: [{ slot, backup: null }] });
    expect(assessBackupHealth(newer, at("2027-05-10T05:00:00Z")).problem).not.toBe("dailyMissed");
  });

  test("no successful backup in 26 hours, or none at all", () => {
    const old = input({ lastSuccessfulAt: at("2027-05-09T02:10:00Z") });
    expect(assessBackupHealth(old, at("2027-05-10T04:10:01Z"))).toMatchObject({
      problem: "noRecentBackup",
      reason: "No successful backup in the last 26 hours.",
    });
    expect(assessBackupHealth(input({ lastSuccessfulAt: null }), at("2027-05-10T12:00:00Z")).problem).toBe(
      "noRecentBackup",
    );
  });

  test("the tenant line", () => {
    const healthy = assessBackupHealth(input(), at("2027-05-10T12:00:00Z"));
    const attention = assessBackupHealth(input({ lastSuccessfulAt: null }), at("2027-05-10T12:00:00Z"));
    expect(summarizeHealth([healthy, healthy, healthy, attention])).toBe("3 healthy, 1 needs attention");
    expect(summarizeHealth([attention, attention])).toBe("0 healthy, 2 need attention");
  });
});

describe("over a day, with real backups", () => {
  let admin: Actor;
  let instance: Instance;

  beforeAll(async () => {
    const tenantId = (await createTenant("Health Tenant")).id;
    admin = await createActor("health-admin@test", [{ role: "GlobalAdmin", tenantId }]);
    instance = await createInstance(tenantId, { name: "Health Sandbox" });
    await prisma.instance.update({
      where: { id: instance.id },
      data: { createdAt: new Date(Date.now() - 10 * 24 * hour) },
    });
    instance = await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } });
    await seedRecords(instance.id, { seed: 40, accounts: 4 });
  });

  const healthAt = async (now: Date) => (await loadBackupHealth([instance], now)).get(instance.id)!;

  test("healthy → missed → healthy, and the missed list names it while it is missed", async () => {
    const now = new Date();
    // The latest slot at or before now: today's daily backup runs and the instance is healthy.
    const [slot] = systemBackupSlots(now, 1);
    await ensureDailySystemBackups({ now });
    await runQueuedOperations();
    expect(await healthAt(now)).toMatchObject({ status: "Healthy", reason: null });

    // An hour after the next slot, its backup has not started: still within its grace period.
    const nextSlot = new Date(slot!.getTime() + 24 * hour);
    expect((await healthAt(new Date(nextSlot.getTime() + hour))).status).toBe("Healthy");
    // Two hours after it: missed.
    const missedAt = new Date(nextSlot.getTime() + 2 * hour);
    expect(await healthAt(missedAt)).toMatchObject({ status: "Attention", problem: "dailyMissed" });
    expect((await listMissedDailyBackups({ now: missedAt })).map((i) => i.id)).toContain(instance.id);

    // The scheduler catches up and the backup succeeds: healthy again, off the missed list.
    await ensureDailySystemBackups({ now: missedAt });
    await runQueuedOperations();
    expect(await healthAt(missedAt)).toMatchObject({ status: "Healthy" });
    expect((await listMissedDailyBackups({ now: missedAt })).map((i) => i.id)).not.toContain(instance.id);
  });

  test("a damaged newest backup needs attention until a newer one succeeds", async () => {
    // Its own instance, with backups taken at the real time only.
    instance = await createInstance(instance.tenantId, { name: "Health Training" });
    await seedRecords(instance.id, { seed: 41, accounts: 2 });
    await queueBackup(admin, instance, "Older");
    const { backup: queued } = await queueBackup(admin, instance, "Newest");
    await runQueuedOperations();
    const backup = await prisma.backup.findUniqueOrThrow({ where: { id: queued.id } });
    backupFileDamages[2]![1](storagePath(backup.storageKey!));
    await requestVerificationAs({ actor: admin, backupId: backup.id });
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await runQueuedOperations().finally(() => quiet.mockRestore());
    const health = await healthAt(new Date());
    expect(health).toMatchObject({ status: "Attention", problem: "verificationFailed" });
    expect(health.reason).toBe(`Backup "${backup.label}" failed verification.`);

    // An older backup verifying fine does not hide the damaged restore point.
    const older = await prisma.backup.findFirstOrThrow({
      where: { instanceId: instance.id, status: "Succeeded" },
      orderBy: { createdAt: "desc" },
    });
    await requestVerificationAs({ actor: admin, backupId: older.id });
    await runQueuedOperations();
    expect((await healthAt(new Date())).problem).toBe("verificationFailed");

    await queueBackup(admin, instance, "After the damage");
    await runQueuedOperations();
    expect((await healthAt(new Date())).status).toBe("Healthy");
  });
});
