// Integration: the lifecycle that runs by itself — daily system backups (across real processes),
// expiry purge and storage sweep, updates with their pre-update backup, and switching instances —
// with time injected, against this file's SQLite database and backup storage.
import { existsSync, mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Instance } from "@prisma/client";
import { beforeAll, describe, expect, test, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { backupFileKey } from "@/lib/backups/retention";
import { prisma } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/errors";
import { requestUpdate, switchInstance } from "@/lib/instances/change-instance";
import { changeBlocker, instanceActivity, measureBackupUsage } from "@/lib/instances/instance-activity";
import { newerVersions } from "@/lib/instances/versions";
import { purgeExpiredBackups, sweepStorage } from "@/lib/lifecycle/purge-backups";
import { backupStorage } from "@/lib/storage";
import { checkStorageIdentity, StorageMismatchError, storageMarkerKey } from "@/lib/storage/storage-identity";
import { openSnapshotDriver } from "@/lib/snapshot/open-snapshot-driver";
import { snapshotTables } from "@/lib/snapshot/write-snapshot";
import { runTwoSchedulers } from "./support/run-scheduler-processes";
import {
  currentSystemDay,
  dailyAttempts,
  ensureDailySystemBackups,
  systemBackupPattern,
} from "@/lib/lifecycle/system-backups";
import { manifestKey } from "@/lib/snapshot/format";
import { blockStorageOf } from "./support/blocked-storage";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { recordsHash, runQueuedOperations, stateOfTheWorld, storagePath } from "./support/operations";
import { startRestoreAs } from "./support/backup-services";

const day = 86_400_000;

let tenantId: string;
let admin: Actor;
let instanceCount = 0;

async function newInstance(input: { type?: "Production" | "Sandbox"; version?: string; accounts?: number } = {}) {
  const instance = await createInstance(tenantId, { name: `Instance ${++instanceCount}`, ...input });
  await seedRecords(instance.id, { seed: 300 + instanceCount, accounts: input.accounts ?? 3 });
  return instance;
}

/** Removes every backup and operation, so each test sees only its own. */
async function clearBackups() {
  await prisma.operation.deleteMany();
  await prisma.backup.deleteMany();
}

/**
 * A fresh instance whose storage is blocked, so its backups fail (their logged errors silenced), and
 * the only one a daily run backs up: every other instance is held Restoring. `unblock()` gives it
 * its storage back; `release()` undoes all of it.
 */
async function soleInstanceWithBlockedStorage() {
  await clearBackups();
  const instance = await newInstance();
  await prisma.instance.updateMany({ where: { id: { not: instance.id } }, data: { state: "Restoring" } });
  const unblock = blockStorageOf(instance.id);
  const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
  return {
    instance,
    unblock,
    async release() {
      quiet.mockRestore();
      unblock();
      await prisma.instance.updateMany({ data: { state: "Ready" } });
    },
  };
}

beforeAll(async () => {
  tenantId = (await createTenant("Lifecycle")).id;
  admin = await createActor("lifecycle-admin@test", [{ role: "GlobalAdmin", tenantId }]);
});

describe("the daily system backup slot", () => {
  test("is the latest SYSTEM_BACKUP_AT at or before now, in UTC", () => {
    expect(systemBackupPattern("02:00")).toBe("0 2 * * *");
    expect(currentSystemDay(new Date("2026-11-24T01:59:59Z"), "0 2 * * *")).toBe("2026-11-23");
    expect(currentSystemDay(new Date("2026-11-24T02:00:00Z"), "0 2 * * *")).toBe("2026-11-24");
    expect(currentSystemDay(new Date("2026-11-24T23:59:00Z"), "0 2 * * *")).toBe("2026-11-24");
    expect(currentSystemDay(new Date("2026-01-01T00:10:00Z"), systemBackupPattern("23:30"))).toBe("2025-12-31");
  });
});

describe("daily system backups", () => {
  test("every instance, 8.0 included, gets exactly one per day, created by System", async () => {
    await clearBackups();
    const legacy = await newInstance({ version: "8.0.3", type: "Production" });
    const instances = await prisma.instance.findMany();
    const now = new Date("2026-11-24T02:00:30Z");

    const first = await ensureDailySystemBackups({ now });
    expect(first.systemDay).toBe("2026-11-24");
    expect(first.queued.sort()).toEqual(instances.map((i) => i.id).sort());
    // Later the same day: nothing more.
    expect((await ensureDailySystemBackups({ now: new Date(now.getTime() + 6 * 3_600_000) })).queued).toEqual([]);

    await runQueuedOperations();
    const backups = await prisma.backup.findMany({ where: { instanceId: legacy.id } });
    expect(backups).toEqual([
      expect.objectContaining({
        kind: "System",
        createdById: null,
        systemDay: "2026-11-24",
        label: "Daily backup 2026-11-24",
        status: "Succeeded",
        instanceVersion: "8.0.3",
        createdAt: now,
        expiresAt: new Date(now.getTime() + 3 * day),
      }),
    ]);
    // The next day's slot queues the next one.
    expect((await ensureDailySystemBackups({ now: new Date(now.getTime() + day) })).queued).toHaveLength(
      instances.length,
    );
  });

  test("a failed daily backup is tried again on later runs, in the same row, up to the daily limit", async () => {
    const { instance, unblock, release } = await soleInstanceWithBlockedStorage();
    const start = new Date("2027-05-01T02:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    try {
      expect((await ensureDailySystemBackups({ now: start })).queued).toEqual([instance.id]);
      await runQueuedOperations();
      for (let attempt = 2; attempt <= dailyAttempts; attempt++) {
        expect((await ensureDailySystemBackups({ now: at(attempt * 10) })).retried).toEqual([instance.id]);
        await runQueuedOperations();
      }
      // The limit is reached: the failure stays, visible, until tomorrow.
      expect((await ensureDailySystemBackups({ now: at(60) })).retried).toEqual([]);
      const rows = await prisma.backup.findMany({ where: { instanceId: instance.id } });
      expect(rows).toEqual([expect.objectContaining({ systemDay: "2027-05-01", status: "Failed" })]);
      expect(await prisma.operation.count({ where: { backupId: rows[0]!.id } })).toBe(dailyAttempts);

      unblock();
      // With storage back, the next day's backup succeeds.
      await ensureDailySystemBackups({ now: at(24 * 60) });
      await runQueuedOperations();
      expect(
        await prisma.backup.findFirst({ where: { instanceId: instance.id, systemDay: "2027-05-02" } }),
      ).toMatchObject({ status: "Succeeded" });
    } finally {
      await release();
    }
  });

  test("a retried daily backup that succeeds is restorable like any other", async () => {
    const { instance, unblock, release } = await soleInstanceWithBlockedStorage();
    try {
      const now = new Date();
      await ensureDailySystemBackups({ now });
      await runQueuedOperations();
      unblock();
      expect((await ensureDailySystemBackups({ now: new Date(now.getTime() + 600_000) })).retried).toEqual([
        instance.id,
      ]);
      await runQueuedOperations();
      const [row] = await prisma.backup.findMany({ where: { instanceId: instance.id } });
      expect(row).toMatchObject({ status: "Succeeded", failureReason: null, kind: "System" });
      expect(existsSync(storagePath(row!.storageKey!))).toBe(true);
    } finally {
      await release();
    }
  });

  test("the database refuses a second one for the same instance and day", async () => {
    const instance = await newInstance();
    const systemDay = "2030-01-01";
    await requestBackup({ actor: null, instance, kind: "System", label: "One", systemDay });
    await expect(requestBackup({ actor: null, instance, kind: "System", label: "Two", systemDay })).rejects.toThrow(
      /Unique constraint/,
    );
    expect(await prisma.backup.count({ where: { instanceId: instance.id, systemDay } })).toBe(1);
  });

  test("two scheduler processes on one database queue exactly one per instance per day", async () => {
    await clearBackups();
    for (let i = 0; i < 3; i++) await newInstance({ accounts: 1 });
    const instances = await prisma.instance.count();
    const days = ["2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04", "2027-03-05"];
    const queuedByProcess = await runTwoSchedulers({
      job: "system-backups",
      times: days.map((d) => `${d}T02:00:00.000Z`),
    });
    const perDay = await prisma.backup.groupBy({
      by: ["instanceId", "systemDay"],
      _count: { _all: true },
      where: { systemDay: { in: days } },
    });
    expect(perDay).toHaveLength(instances * days.length);
    expect(perDay.every((group) => group._count._all === 1)).toBe(true);
    // Between them the two processes queued each one once: no process believed it queued a duplicate.
    expect(queuedByProcess[0]!.length + queuedByProcess[1]!.length).toBe(instances * days.length);
    expect(await prisma.operation.count({ where: { type: "Backup" } })).toBe(instances * days.length);
  });

  test("after downtime, the start-up run catches up on today only, and busy instances later", async () => {
    await clearBackups();
    const busy = await newInstance();
    await prisma.instance.update({ where: { id: busy.id }, data: { state: "Restoring" } });
    // Last run on the 1st; the app was down until the 5th at 01:00, before that day's slot.
    await ensureDailySystemBackups({ now: new Date("2027-04-01T02:00:00Z") });
    const restart = new Date("2027-04-05T01:00:00Z");

    const caughtUp = await ensureDailySystemBackups({ now: restart });

    expect(caughtUp.systemDay).toBe("2027-04-04");
    expect(caughtUp.busy).toEqual([busy.id]);
    const days = await prisma.backup.groupBy({
      by: ["systemDay"],
      _count: { _all: true },
      orderBy: { systemDay: "asc" },
    });
    // No backfill of the days in between: a backup taken now could not hold their data anyway.
    expect(days.map((d) => d.systemDay)).toEqual(["2027-04-01", "2027-04-04"]);
    expect(await prisma.backup.count({ where: { instanceId: busy.id, systemDay: "2027-04-04" } })).toBe(0);

    await prisma.instance.update({ where: { id: busy.id }, data: { state: "Ready" } });
    const later = await ensureDailySystemBackups({ now: new Date(restart.getTime() + 10 * 60_000) });
    expect(later.queued).toEqual([busy.id]);
  });
});

describe("expiry purge", () => {
  test("removes exactly the expired backups and their files, sparing one in use by a restore", async () => {
    await clearBackups();
    const source = await newInstance();
    const target = await newInstance({ type: "Sandbox" });
    const t0 = new Date(Date.now() - day);
    const at = (offsetMs: number) => new Date(t0.getTime() + offsetMs);
    const made = async (label: string, createdAt: Date, kind: "OnDemand" | "System" = "OnDemand") =>
      (await requestBackup({ actor: kind === "System" ? null : admin, instance: source, kind, label, now: createdAt }))
        .backup;
    const oldOnDemand = await made("old on-demand", at(0));
    const oldSystem = await made("old system", at(60_000), "System");
    const inUse = await made("in use", at(120_000));
    const fresh = await made("fresh", at(day));
    await runQueuedOperations();
    const stored = await prisma.backup.findMany({ orderBy: { createdAt: "asc" } });
    expect(stored.every((b) => b.status === "Succeeded" && existsSync(storagePath(b.storageKey!)))).toBe(true);
    // A restore of "in use" is queued before it expires and is still waiting when the purge runs.
    await startRestoreAs({ actor: admin, backupId: inUse.id, targetInstanceId: target.id, now: at(2 * day) });
    const purgeTime = at(3 * day + 5 * 60_000);
    const before = await recordsHash(source.id);

    const result = await purgeExpiredBackups({ now: purgeTime });

    expect(result.purged.sort()).toEqual([oldOnDemand.id, oldSystem.id].sort());
    expect(result.spared).toEqual([inUse.id]);
    const left = await prisma.backup.findMany({ orderBy: { createdAt: "asc" } });
    expect(left.map((b) => b.id)).toEqual([inUse.id, fresh.id]);
    for (const gone of stored.filter((b) => result.purged.includes(b.id))) {
      expect(existsSync(storagePath(gone.storageKey!))).toBe(false);
      expect(existsSync(storagePath(manifestKey(gone.storageKey!)))).toBe(false);
    }
    for (const kept of left) expect(existsSync(storagePath(kept.storageKey!))).toBe(true);
    // Nothing else is touched: the instance's data and the queued restore.
    expect(await recordsHash(source.id)).toBe(before);
    expect(await prisma.operation.count({ where: { type: "Restore", status: "Queued" } })).toBe(1);
    const audit = await prisma.auditEntry.findMany({ where: { action: "backup.purge" }, orderBy: { backupId: "asc" } });
    expect(audit).toEqual(
      [oldOnDemand.id, oldSystem.id]
        .sort()
        .map((backupId) =>
          expect.objectContaining({ backupId, outcome: "succeeded", actorEmail: "System", instanceId: source.id }),
        ),
    );

    // Once the restore has ended, the next purge takes the spared one as well.
    await runQueuedOperations();
    expect((await purgeExpiredBackups({ now: purgeTime })).purged).toEqual([inUse.id]);
    expect(await prisma.backup.findMany({ select: { id: true } })).toEqual([{ id: fresh.id }]);
  });
});

describe("storage sweep", () => {
  test("removes old orphan and incomplete files, keeps recent, in-flight and foreign ones, and reports backups whose file is gone", async () => {
    await clearBackups();
    const instance = await newInstance();
    const { backup: kept } = await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "kept" });
    const { backup: lost } = await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "lost" });
    await runQueuedOperations();
    const lostRow = await prisma.backup.findUniqueOrThrow({ where: { id: lost.id } });
    rmSync(storagePath(lostRow.storageKey!));
    const { backup: inFlight } = await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "writing" });

    const now = new Date();
    const twoHoursAgo = new Date(now.getTime() - 2 * 3_600_000);
    const place = (key: string, mtime: Date) => {
      mkdirSync(dirname(storagePath(key)), { recursive: true });
      writeFileSync(storagePath(key), "leftover");
      utimesSync(storagePath(key), mtime, mtime);
      return key;
    };
    const orphan = place(backupFileKey(instance.id, "ckdeletedbackup", "0a0b0c0d"), twoHoursAgo);
    const orphanManifest = place(manifestKey(orphan), twoHoursAgo);
    // Not written by the app (the storage dir may be shared by mistake): reported, never deleted.
    const strayFile = place("stray/unknown.bin", twoHoursAgo);
    const incomplete = place(
      `${backupFileKey(instance.id, "ckcrashedbackup", "0e0f1011")}.partial-a1b2c3`,
      twoHoursAgo,
    );
    const writingNow = place(`${backupFileKey(instance.id, inFlight.id, "12131415")}.partial-d4e5f6`, now);
    const recent = place(backupFileKey(instance.id, "ckrecentbackup", "01020304"), now);
    const writing = place(backupFileKey(instance.id, inFlight.id, "05060708"), twoHoursAgo);

    const result = await sweepStorage({ now });

    expect(result.orphanFilesRemoved.sort()).toEqual([orphan, orphanManifest].sort());
    expect(result.incompleteFilesRemoved).toEqual([incomplete]);
    expect(result.unknownFiles).toEqual([strayFile]);
    expect(result.missingFiles).toEqual([lost.id]);
    for (const key of [orphan, orphanManifest, incomplete]) expect(existsSync(storagePath(key))).toBe(false);
    for (const key of [recent, writing, writingNow, strayFile]) expect(existsSync(storagePath(key))).toBe(true);
    const keptRow = await prisma.backup.findUniqueOrThrow({ where: { id: kept.id } });
    expect(keptRow.status).toBe("Succeeded");
    expect(existsSync(storagePath(keptRow.storageKey!))).toBe(true);
    expect(await prisma.backup.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({
      status: "Failed",
      failureReason: "The backup file is missing from storage, so it can't be restored.",
    });
    const audit = await prisma.auditEntry.findMany({ where: { action: "storage.sweep" } });
    expect(audit).toHaveLength(4);
    expect(audit.filter((a) => a.outcome === "failed")).toEqual([expect.objectContaining({ backupId: lost.id })]);
    expect(audit.filter((a) => a.detail?.includes(incomplete))).toHaveLength(1);

    // A second sweep finds nothing new.
    expect(await sweepStorage({ now })).toEqual({
      orphanFilesRemoved: [],
      missingFiles: [],
      incompleteFilesRemoved: [],
      unknownFiles: [strayFile],
    });
    rmSync(storagePath(strayFile));
  });

  test("an empty storage (say, not mounted) marks nothing missing", async () => {
    await clearBackups();
    const instance = await newInstance();
    const { backup } = await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "unmounted" });
    await runQueuedOperations();
    const storageDir = dirname(storagePath("x"));
    const unmounted = `${storageDir}-unmounted`;
    renameSync(storageDir, unmounted);
    try {
      await expect(sweepStorage({ now: new Date() })).rejects.toThrow(StorageMismatchError);
      expect((await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).status).toBe("Succeeded");
    } finally {
      renameSync(unmounted, storageDir);
    }
  });

  test("a storage that holds files but is not this database's (a wrong mount) is refused, not swept", async () => {
    await clearBackups();
    const instance = await newInstance();
    const { backup } = await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "real" });
    await runQueuedOperations();
    const storageDir = dirname(storagePath("x"));
    const real = `${storageDir}-real`;
    renameSync(storageDir, real);
    // Another installation's storage: its own marker and some backup-shaped files.
    const other = backupFileKey(instance.id, "ckotherbackup", "0a0b0c0d");
    mkdirSync(dirname(storagePath(other)), { recursive: true });
    writeFileSync(storagePath(other), "someone else's backup");
    writeFileSync(storagePath(storageMarkerKey), JSON.stringify({ storageId: "another-installation" }));
    try {
      await expect(sweepStorage({ now: new Date(Date.now() + 86_400_000) })).rejects.toThrow(/another installation/);
      expect((await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).status).toBe("Succeeded");
      expect(existsSync(storagePath(other))).toBe(true);
      // A backup refuses to write there too, with the reason on the row.
      const { backup: refused } = await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "nope" });
      const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
      await runQueuedOperations().finally(() => quiet.mockRestore());
      expect(await prisma.backup.findUniqueOrThrow({ where: { id: refused.id } })).toMatchObject({
        status: "Failed",
        failureReason: expect.stringMatching(/not the one this database uses/),
      });
    } finally {
      rmSync(storageDir, { recursive: true, force: true });
      renameSync(real, storageDir);
    }
    // Back on the right storage, the sweep runs again.
    expect((await sweepStorage({ now: new Date() })).missingFiles).toEqual([]);
  });
});

describe("update", () => {
  test("takes the pre-update backup first, then records the new version", async () => {
    const instance = await newInstance({ version: "9.1.8" });
    const before = await recordsHash(instance.id);

    const { backup, operation } = await requestUpdate({ actor: admin, instance, version: "9.3.5" });

    expect(await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } })).toMatchObject({
      state: "Updating",
      version: "9.1.8",
    });
    expect(backup).toMatchObject({ kind: "System", createdById: null, label: "Before update to 9.3.5" });
    expect(operation).toMatchObject({ type: "Update", targetVersion: "9.3.5", requestedById: admin.userId });

    await runQueuedOperations();

    expect(await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } })).toMatchObject({
      state: "Ready",
      version: "9.3.5",
    });
    // The backup holds the data as it was before the update, on the version it was taken on.
    const taken = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
    expect(taken).toMatchObject({ status: "Succeeded", instanceVersion: "9.1.8" });
    expect(await recordsHash(instance.id)).toBe(before);
    expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
      status: "Succeeded",
      exclusiveKey: null,
    });
    const audit = await prisma.auditEntry.findMany({ where: { operationId: operation.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ["backup.create", "succeeded"],
      ["instance.update", "succeeded"],
    ]);
  });

  test("a failed pre-update backup cancels the update and leaves the version as it was", async () => {
    const instance = await newInstance({ version: "9.1.8" });
    // Blocked storage makes the backup fail.
    const unblock = blockStorageOf(instance.id);
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const { backup, operation } = await requestUpdate({ actor: admin, instance, version: "9.2.24" });
      await runQueuedOperations();

      expect(await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } })).toMatchObject({
        state: "Ready",
        version: "9.1.8",
      });
      expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
        status: "Failed",
        exclusiveKey: null,
        error: `The backup before the update failed, so the update was cancelled. ${instance.name} stays on version 9.1.8.`,
      });
      expect(await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).toMatchObject({
        status: "Failed",
        storageKey: null,
      });
      expect(
        await prisma.auditEntry.findFirst({ where: { operationId: operation.id, action: "instance.update" } }),
      ).toMatchObject({ outcome: "failed" });
    } finally {
      quiet.mockRestore();
      unblock();
    }
  });

  test("offers only newer released versions and refuses anything else, changing nothing", async () => {
    expect(newerVersions("9.1.8")).toEqual(["9.3.5", "9.2.24"]);
    expect(newerVersions("9.3.5")).toEqual([]);
    const instance = await newInstance({ version: "9.2.24" });
    const world = await stateOfTheWorld();
    for (const version of ["9.2.24", "9.1.8", "10.0.0"]) {
      await expect(requestUpdate({ actor: admin, instance, version })).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await stateOfTheWorld()).toEqual(world);
  });

  test("is refused while an operation runs or the instance is busy", async () => {
    const instance = await newInstance({ version: "9.2.24" });
    await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "running" });
    let world = await stateOfTheWorld();
    await expect(requestUpdate({ actor: admin, instance, version: "9.3.5" })).rejects.toThrow(
      new ConflictError(`A backup is queued on ${instance.name}. Try again when it has finished.`),
    );
    expect(await stateOfTheWorld()).toEqual(world);

    await runQueuedOperations();
    await prisma.instance.update({ where: { id: instance.id }, data: { state: "Restoring" } });
    world = await stateOfTheWorld();
    await expect(requestUpdate({ actor: admin, instance, version: "9.3.5" })).rejects.toThrow(
      new ConflictError(`${instance.name} is busy (Restoring). Try again when it is Ready.`),
    );
    expect(await stateOfTheWorld()).toEqual(world);
    await prisma.instance.update({ where: { id: instance.id }, data: { state: "Ready" } });
  });

  test("an updating instance gets no on-demand backup and no second update", async () => {
    const instance = await newInstance({ version: "9.1.8" });
    await requestUpdate({ actor: admin, instance, version: "9.2.24" });
    const updating = await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } });
    await expect(
      requestBackup({ actor: admin, instance: updating, kind: "OnDemand", label: "during update" }),
    ).rejects.toThrow(new ConflictError(`${instance.name} is being updated. Try again when it is Ready.`));
    // Also when the caller read the instance before the update started (the check is repeated under lock).
    const world = await stateOfTheWorld();
    await expect(requestBackup({ actor: admin, instance, kind: "OnDemand", label: "stale read" })).rejects.toThrow(
      new ConflictError(`${instance.name} is being updated. Try again when it is Ready.`),
    );
    expect(await stateOfTheWorld()).toEqual(world);
    await expect(requestUpdate({ actor: admin, instance, version: "9.3.5" })).rejects.toBeInstanceOf(ConflictError);
    await runQueuedOperations();
  });
});

describe("switch", () => {
  let production: Instance;

  test("Production → Sandbox makes the instance a restore target; Sandbox → Production takes it back", async () => {
    production = await newInstance({ type: "Production" });
    const source = await newInstance();
    const { backup } = await requestBackup({ actor: admin, instance: source, kind: "OnDemand", label: "to restore" });
    await runQueuedOperations();
    await expect(
      startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: production.id }),
    ).rejects.toBeInstanceOf(ValidationError);

    expect(await switchInstance({ actor: admin, instance: production, to: "Sandbox" })).toEqual({
      from: "Production",
      to: "Sandbox",
    });
    await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: production.id });
    await runQueuedOperations();
    expect(await recordsHash(production.id)).toBe(await recordsHash(source.id));

    const sandbox = await prisma.instance.findUniqueOrThrow({ where: { id: production.id } });
    await switchInstance({ actor: admin, instance: sandbox, to: "Production" });
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: production.id } })).type).toBe("Production");
  });

  test("is refused while an operation runs, while busy, and when the page was stale", async () => {
    const instance = await newInstance({ type: "Production" });
    await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "running" });
    let world = await stateOfTheWorld();
    await expect(switchInstance({ actor: admin, instance, to: "Sandbox" })).rejects.toThrow(
      new ConflictError(`A backup is queued on ${instance.name}. Try again when it has finished.`),
    );
    expect(await stateOfTheWorld()).toEqual(world);
    await runQueuedOperations();

    await prisma.instance.update({ where: { id: instance.id }, data: { state: "Updating" } });
    world = await stateOfTheWorld();
    await expect(switchInstance({ actor: admin, instance, to: "Sandbox" })).rejects.toBeInstanceOf(ConflictError);
    expect(await stateOfTheWorld()).toEqual(world);
    await prisma.instance.update({ where: { id: instance.id }, data: { state: "Ready" } });

    // Someone else switched it first; this page still shows Production.
    await prisma.instance.update({ where: { id: instance.id }, data: { type: "Sandbox" } });
    world = await stateOfTheWorld();
    await expect(switchInstance({ actor: admin, instance, to: "Sandbox" })).rejects.toBeInstanceOf(ConflictError);
    const current = await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } });
    await expect(switchInstance({ actor: admin, instance: current, to: "Sandbox" })).rejects.toThrow(
      new ConflictError(`${instance.name} is already a Sandbox instance.`),
    );
    expect(await stateOfTheWorld()).toEqual(world);
  });
});

describe("what the Instances page shows", () => {
  test("backup storage per instance, what runs, and a recent failed update with its reason", async () => {
    const instance = await newInstance({ version: "9.1.8" });
    const { backup } = await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "counted" });
    await runQueuedOperations();
    const stored = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
    await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "queued, not stored yet" });

    const usage = await measureBackupUsage([instance.id]);
    expect(usage.get(instance.id)).toEqual({ backups: 1, bytes: Number(stored.sizeBytes) });
    let activity = (await instanceActivity([instance.id])).get(instance.id)!;
    expect(activity.active).toMatchObject({ type: "Backup", status: "Queued" });
    expect(changeBlocker(instance, activity)).toBe("A backup is queued.");
    await runQueuedOperations();

    const unblock = blockStorageOf(instance.id);
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await requestUpdate({ actor: admin, instance, version: "9.2.24" });
      await runQueuedOperations();
    } finally {
      quiet.mockRestore();
      unblock();
    }
    activity = (await instanceActivity([instance.id])).get(instance.id)!;
    expect(activity.active).toBeNull();
    expect(changeBlocker(instance, activity)).toBeNull();
    expect(activity.recentFailedUpdate).toEqual({
      targetVersion: "9.2.24",
      error: `The backup before the update failed, so the update was cancelled. ${instance.name} stays on version 9.1.8.`,
    });
    // A day later the reason no longer shows.
    const tomorrow = new Date(Date.now() + day);
    expect((await instanceActivity([instance.id], tomorrow)).get(instance.id)!.recentFailedUpdate).toBeNull();
  });
});

describe("abandoned staging", () => {
  test("the sweep drops staging tables of restores that no longer run, and keeps a running one's", async () => {
    await clearBackups();
    const instance = await newInstance();
    await requestBackup({ actor: admin, instance, kind: "OnDemand", label: "staged" });
    await runQueuedOperations();
    const driver = openSnapshotDriver();
    try {
      const running = await prisma.operation.create({
        data: { type: "Restore", status: "Running", instanceId: instance.id, leaseOwner: "elsewhere" },
      });
      const stage = (stagingId: string) =>
        driver.stage({
          stagingId,
          tables: snapshotTables,
          sections: (async function* () {})(),
          checkpoint: async () => {},
        });
      await stage("ckabandonedrestore");
      await stage(running.id);
      expect((await driver.stagingIds()).sort()).toEqual(["ckabandonedrestore", running.id].sort());
      await sweepStorage({ now: new Date() });
      expect(await driver.stagingIds()).toEqual([running.id]);
      await prisma.operation.update({ where: { id: running.id }, data: { status: "Failed", leaseOwner: null } });
      await sweepStorage({ now: new Date() });
      expect(await driver.stagingIds()).toEqual([]);
    } finally {
      await driver.close();
    }
  });
});

describe("storage identity", () => {
  test("processes marking a fresh storage at once all agree, and none is refused", async () => {
    await prisma.backup.deleteMany({});
    await prisma.appSetting.deleteMany({});
    const storage = backupStorage();
    await storage.delete(storageMarkerKey);
    await Promise.all(Array.from({ length: 6 }, () => checkStorageIdentity(storage)));
    const recorded = await prisma.appSetting.findUniqueOrThrow({ where: { key: "storage.id" } });
    const chunks: Buffer[] = [];
    for await (const chunk of storage.get(storageMarkerKey) as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(JSON.parse(Buffer.concat(chunks).toString("utf8"))).toEqual({ storageId: recorded.value });
  });
});
