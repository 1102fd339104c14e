// Integration: backups and restores driven end to end — requested through the services, claimed and
// run through the worker's own code path — against this file's SQLite database and backup storage.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { Backup, Instance } from "@prisma/client";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { AppError, ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { snapshotCodec, snapshotFormat, snapshotFormatVersion } from "@/lib/snapshot/format";
import { backupFileDamages } from "./support/backup-file-damages";
import { blockStorageOf } from "./support/blocked-storage";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { deleteBackupAs, editBackupAs, startRestoreAs } from "./support/backup-services";
import {
  queueBackup,
  recordCounts,
  recordsHash,
  runQueuedOperations,
  stateOfTheWorld,
  storagePath,
} from "./support/operations";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

let contosoId: string;
let fabrikamId: string;
const inst = {} as Record<"source" | "sandbox" | "prod" | "legacy" | "spare" | "fabrikamSandbox", Instance>;
const actors = {} as Record<
  "admin" | "sysAdminOfProd" | "sysAdminOfSource" | "delegatedOfFabrikam" | "adminOfBoth",
  Actor
>;
let instanceCount = 0;

/** A fresh Sandbox of Contoso, optionally with generated records. */
async function newSandbox(seed?: { seed: number; accounts: number }) {
  const instance = await createInstance(contosoId, { name: `Contoso Sandbox ${++instanceCount}` });
  if (seed) await seedRecords(instance.id, seed);
  return instance;
}

/** Requests an on-demand backup as the admin and runs it; returns the finished Backup row. */
async function backUp(instance: Instance, options: { label?: string; now?: Date } = {}): Promise<Backup> {
  const { backup } = await requestBackup({
    actor: actors.admin,
    instance,
    kind: "OnDemand",
    label: options.label ?? `Backup of ${instance.name}`,
    now: options.now,
  });
  await runQueuedOperations();
  return prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
}

/** Starts a restore as the admin and runs it; returns the finished Operation row. */
async function restore(backupId: string, target: Instance) {
  const { operation } = await startRestoreAs({ actor: actors.admin, backupId, targetInstanceId: target.id });
  await runQueuedOperations();
  return prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
}

/** Asserts that `attempt` fails with `type` and `message` and that it changed nothing. */
async function expectRefusal(
  attempt: () => Promise<unknown>,
  type: new (...args: never[]) => AppError,
  message: string | RegExp,
) {
  const before = await stateOfTheWorld();
  const error = await attempt().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toMatch(message);
  expect(await stateOfTheWorld()).toEqual(before);
}

beforeAll(async () => {
  const contoso = await createTenant("Contoso");
  const fabrikam = await createTenant("Fabrikam");
  contosoId = contoso.id;
  fabrikamId = fabrikam.id;
  inst.source = await createInstance(contosoId, { name: "Contoso Source" });
  inst.sandbox = await createInstance(contosoId, { name: "Contoso Sandbox" });
  inst.prod = await createInstance(contosoId, { name: "Contoso Prod", type: "Production" });
  inst.legacy = await createInstance(contosoId, { name: "Contoso Legacy", version: "8.0" });
  inst.spare = await createInstance(contosoId, { name: "Contoso Spare" });
  inst.fabrikamSandbox = await createInstance(fabrikamId, { name: "Fabrikam Sandbox" });
  await seedRecords(inst.source.id, { seed: 1, accounts: 40 });
  await seedRecords(inst.sandbox.id, { seed: 2, accounts: 12 });
  await seedRecords(inst.prod.id, { seed: 3, accounts: 5 });

  actors.admin = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: contosoId }]);
  actors.sysAdminOfProd = await createActor("sysadmin.prod@contoso.test", [
    { role: "SystemAdministrator", instanceId: inst.prod.id },
  ]);
  actors.sysAdminOfSource = await createActor("sysadmin.source@contoso.test", [
    { role: "SystemAdministrator", instanceId: inst.source.id },
  ]);
  actors.delegatedOfFabrikam = await createActor("delegated@fabrikam.test", [
    { role: "DelegatedAdmin", tenantId: fabrikamId },
  ]);
  actors.adminOfBoth = await createActor("admin@both.test", [
    { role: "GlobalAdmin", tenantId: contosoId },
    { role: "GlobalAdmin", tenantId: fabrikamId },
  ]);
});

afterEach(async () => {
  // Every test leaves the queue empty and every instance Ready, so none depends on another's leftovers.
  expect(await prisma.operation.count({ where: { status: { in: ["Queued", "Running"] } } })).toBe(0);
  expect(await prisma.instance.count({ where: { state: { not: "Ready" } } })).toBe(0);
});

describe("backup", () => {
  test("stores a file whose SHA-256, size and record counts the Backup row and the manifest record", async () => {
    const countsAtRequest = await recordCounts(inst.source.id);
    expect(countsAtRequest.Account).toBe(40);
    const { backup: queued, operation } = await requestBackup({
      actor: actors.admin,
      instance: inst.source,
      kind: "OnDemand",
      label: "Before the import",
      notes: "Taken by the test",
    });
    expect(queued).toMatchObject({ status: "Queued", kind: "OnDemand", createdById: actors.admin.userId });
    expect(operation).toMatchObject({ status: "Queued", type: "Backup", backupId: queued.id, exclusiveKey: null });
    // A backup leaves the instance available.
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: inst.source.id } })).state).toBe("Ready");

    const ran = await runQueuedOperations();
    expect(ran.map((op) => op.id)).toEqual([operation.id]);

    const backup = await prisma.backup.findUniqueOrThrow({ where: { id: queued.id } });
    expect(backup).toMatchObject({
      status: "Succeeded",
      progress: 100,
      failureReason: null,
      storageKey: expect.stringMatching(new RegExp(`^${inst.source.id}/${queued.id}-[0-9a-f]{8}\\.ndjson\\.gz$`)),
      formatVersion: snapshotFormatVersion,
      codec: snapshotCodec,
      instanceVersion: inst.source.version,
    });
    expect(backup.completedAt).toBeInstanceOf(Date);

    const file = readFileSync(storagePath(backup.storageKey!));
    expect(backup.sha256).toBe(sha256(file));
    expect(backup.sizeBytes).toBe(BigInt(file.length));
    expect(JSON.parse(backup.recordCounts!)).toEqual(countsAtRequest);

    const manifestPath = storagePath(`${backup.storageKey}.manifest.json`);
    expect(existsSync(manifestPath)).toBe(true);
    expect(JSON.parse(readFileSync(manifestPath, "utf8"))).toMatchObject({
      format: snapshotFormat,
      formatVersion: snapshotFormatVersion,
      codec: snapshotCodec,
      instanceId: inst.source.id,
      instanceVersion: inst.source.version,
      counts: countsAtRequest,
      bytes: file.length,
      sha256: backup.sha256,
    });

    // The file is NDJSON: a header, one section per entity, a trailer; it never names its instance.
    const lines = gunzipSync(file).toString("utf8").trimEnd().split("\n");
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: snapshotFormat, version: snapshotFormatVersion });
    expect(JSON.parse(lines.at(-1)!)).toEqual({ trailer: true, counts: countsAtRequest });
    const total = Object.values(countsAtRequest).reduce((a, b) => a + b, 0);
    expect(lines).toHaveLength(1 + 4 + total + 1);
    expect(lines.join("\n")).not.toContain(inst.source.id);

    expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
      status: "Succeeded",
      progress: 100,
      attempts: 1,
      leaseOwner: null,
      leaseExpiresAt: null,
      error: null,
    });
    expect(await prisma.auditEntry.findMany({ where: { operationId: operation.id } })).toEqual([
      expect.objectContaining({
        action: "backup.create",
        outcome: "succeeded",
        actorId: actors.admin.userId,
        instanceId: inst.source.id,
        backupId: backup.id,
      }),
    ]);
  });

  test("a backup whose file can't be written fails, keeps no file and is audited as failed", async () => {
    const instance = await newSandbox({ seed: 9, accounts: 3 });
    const unblock = blockStorageOf(instance.id);
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const backup = await backUp(instance);
      expect(backup).toMatchObject({
        status: "Failed",
        failureReason: "The snapshot could not be written. See the server log for details.",
        sha256: null,
        storageKey: null,
      });
      const operation = await prisma.operation.findFirstOrThrow({ where: { backupId: backup.id } });
      expect(operation).toMatchObject({ status: "Failed", leaseOwner: null });
      expect(operation.error).toBeTruthy();
      expect(await prisma.auditEntry.findMany({ where: { operationId: operation.id } })).toEqual([
        expect.objectContaining({ action: "backup.create", outcome: "failed", backupId: backup.id }),
      ]);
    } finally {
      quiet.mockRestore();
      unblock();
    }
  });
});

describe("restore", () => {
  let backup: Backup;
  let hashAtBackup: string;
  let countsAtBackup: Record<string, number>;

  beforeAll(async () => {
    hashAtBackup = await recordsHash(inst.source.id);
    countsAtBackup = await recordCounts(inst.source.id);
    backup = await backUp(inst.source, { label: "Round trip" });
    expect(backup.status).toBe("Succeeded");
  });

  test("round trip: changes made after the backup are undone by restoring it into the same instance", async () => {
    const id = inst.source.id;
    await prisma.account.updateMany({
      where: { instanceId: id, id: { in: [1, 2, 3, 4, 5] } },
      data: { name: "Renamed" },
    });
    await prisma.supportCase.deleteMany({ where: { instanceId: id, id: { in: [2, 4, 6, 8] } } });
    const now = new Date();
    await prisma.account.create({
      data: {
        instanceId: id,
        id: 10_000,
        name: "Added after the backup",
        accountNumber: "AC-0010000",
        industry: "Retail",
        phone: "+1 555 0100",
        website: "https://added.example",
        city: "Springfield",
        country: "Nowhere",
        employees: 12,
        annualRevenue: 345_678,
        createdAt: now,
        modifiedAt: now,
      },
    });
    expect(await recordsHash(id)).not.toBe(hashAtBackup);

    const { operation } = await startRestoreAs({ actor: actors.admin, backupId: backup.id, targetInstanceId: id });
    expect(operation).toMatchObject({ type: "Restore", status: "Queued", exclusiveKey: id, instanceId: id });
    // The target is unavailable from the moment the restore is queued.
    expect((await prisma.instance.findUniqueOrThrow({ where: { id } })).state).toBe("Restoring");

    await runQueuedOperations();

    expect(await recordsHash(id)).toBe(hashAtBackup);
    expect(await recordCounts(id)).toEqual(countsAtBackup);
    expect((await prisma.instance.findUniqueOrThrow({ where: { id } })).state).toBe("Ready");
    expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
      status: "Succeeded",
      progress: 100,
      error: null,
      exclusiveKey: null,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    const finished = await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } });
    expect(finished.finishedAt).toBeInstanceOf(Date);

    const audit = await prisma.auditEntry.findMany({ where: { backupId: backup.id }, orderBy: { at: "asc" } });
    expect(audit).toEqual([
      expect.objectContaining({ action: "backup.create", outcome: "succeeded", instanceId: id }),
      expect.objectContaining({
        action: "backup.restore",
        outcome: "succeeded",
        operationId: operation.id,
        instanceId: id,
        actorId: actors.admin.userId,
        actorEmail: actors.admin.email,
      }),
    ]);
  });

  test("restoring into another Sandbox of the tenant replaces its records with the backup's", async () => {
    const target = inst.sandbox;
    const sourceHash = await recordsHash(inst.source.id);
    const before = await recordsHash(target.id);
    expect(before).not.toBe(hashAtBackup);

    const operation = await restore(backup.id, target);

    expect(operation).toMatchObject({ status: "Succeeded", instanceId: target.id, exclusiveKey: null });
    expect(await recordsHash(target.id)).toBe(hashAtBackup);
    expect(await recordCounts(target.id)).toEqual(countsAtBackup);
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: target.id } })).state).toBe("Ready");
    // The source is untouched.
    expect(await recordsHash(inst.source.id)).toBe(sourceHash);
  });

  test("backup → restore → backup reproduces the same file, byte for byte", async () => {
    const target = await newSandbox({ seed: 4, accounts: 6 });
    await restore(backup.id, target);
    const again = await backUp(target);
    expect(again.status).toBe("Succeeded");
    expect(again.sha256).toBe(backup.sha256);
    expect(again.sizeBytes).toBe(backup.sizeBytes);
    expect(again.recordCounts).toBe(backup.recordCounts);
  });

  test("an empty instance backs up and restores (clearing the target)", async () => {
    const empty = await newSandbox();
    const emptyBackup = await backUp(empty);
    expect(emptyBackup.status).toBe("Succeeded");
    expect(JSON.parse(emptyBackup.recordCounts!)).toEqual({ Account: 0, Contact: 0, Opportunity: 0, SupportCase: 0 });
    const target = await newSandbox({ seed: 5, accounts: 4 });
    expect((await restore(emptyBackup.id, target)).status).toBe("Succeeded");
    expect(await recordsHash(target.id)).toBe(await recordsHash(empty.id));
    expect(Object.values(await recordCounts(target.id))).toEqual([0, 0, 0, 0]);
  });
});

/**
 * Inserts plain accounts and cases in bulk, much faster than generated records: enough data that
 * the snapshot streams in many chunks, with writes landing between them.
 */
async function bulkInsert(instanceId: string, options: { accounts: number; cases: number }) {
  const stamp = new Date("2026-01-01T00:00:00.000Z");
  const numbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);
  await prisma.account.createMany({
    data: numbers(options.accounts).map((i) => ({
      instanceId,
      id: i,
      name: `Bulk account ${i}`,
      accountNumber: `AC-${String(i).padStart(7, "0")}`,
      industry: "Retail",
      phone: "+1 555 0100",
      website: "https://bulk.example",
      city: "Springfield",
      country: "Nowhere",
      employees: i,
      annualRevenue: i * 10,
      createdAt: stamp,
      modifiedAt: stamp,
    })),
  });
  await prisma.supportCase.createMany({
    data: numbers(options.cases).map((i) => ({
      instanceId,
      id: i,
      accountId: ((i - 1) % options.accounts) + 1,
      contactId: null,
      title: `Bulk case ${i}`,
      status: "Active",
      priority: "Normal",
      description: "lorem ".repeat(67).slice(0, 400),
      createdAt: stamp,
      modifiedAt: stamp,
    })),
  });
}

describe("consistency while the instance keeps changing", () => {
  test("a backup taken during concurrent writes restores the data of one instant", async () => {
    const source = await newSandbox();
    await bulkInsert(source.id, { accounts: 3000, cases: 6000 });
    const target = await newSandbox({ seed: 12, accounts: 5 });
    const instanceId = source.id;
    const ledgerKey = { instanceId_id: { instanceId, id: 1 } };

    // Invariant, kept by every write transaction: the ledger account (id 1) holds the number of
    // accounts in `employees` and the number of cases in `annualRevenue`. The ledger row is read
    // first and the rows a write adds last, so a snapshot mixing two instants would break it.
    const syncLedger = async (tx: Pick<typeof prisma, "account" | "supportCase">) => {
      const [accounts, cases] = [
        await tx.account.count({ where: { instanceId } }),
        await tx.supportCase.count({ where: { instanceId } }),
      ];
      await tx.account.update({ where: ledgerKey, data: { employees: accounts, annualRevenue: cases } });
    };
    await prisma.$transaction((tx) => syncLedger(tx));
    const initialAccounts = (await recordCounts(instanceId)).Account;

    let nextId = 100_000;
    const write = async () => {
      const id = nextId++;
      const now = new Date();
      await prisma.$transaction(async (tx) => {
        await tx.account.create({
          data: {
            instanceId,
            id,
            name: `Concurrent ${id}`,
            accountNumber: `AC-${id}`,
            industry: "Retail",
            phone: "+1 555 0199",
            website: "https://concurrent.example",
            city: "Springfield",
            country: "Nowhere",
            employees: 1,
            annualRevenue: 1,
            createdAt: now,
            modifiedAt: now,
          },
        });
        await tx.supportCase.create({
          data: {
            instanceId,
            id,
            accountId: id,
            title: `Case ${id}`,
            status: "Active",
            priority: "Normal",
            description: "Written while the backup runs.",
            createdAt: now,
            modifiedAt: now,
          },
        });
        await syncLedger(tx);
      });
    };

    const { backup: queued } = await requestBackup({
      actor: actors.admin,
      instance: source,
      kind: "OnDemand",
      label: "Under load",
    });
    let done = false;
    const backupRun = runQueuedOperations().finally(() => (done = true));
    let writesBeforeBackupEnded = 0;
    while (!done) {
      await write();
      if (!done) writesBeforeBackupEnded++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await backupRun;
    // A few more after the backup, which it must not contain.
    for (let i = 0; i < 3; i++) await write();

    const backup = await prisma.backup.findUniqueOrThrow({ where: { id: queued.id } });
    expect(backup.status).toBe("Succeeded");
    const counts = JSON.parse(backup.recordCounts!) as Record<string, number>;

    expect((await restore(backup.id, target)).status).toBe("Succeeded");
    const restored = await recordCounts(target.id);
    expect(restored).toEqual(counts);
    const ledger = await prisma.account.findUniqueOrThrow({
      where: { instanceId_id: { instanceId: target.id, id: 1 } },
    });
    expect(ledger.employees).toBe(restored.Account);
    expect(ledger.annualRevenue).toBe(restored.SupportCase);

    // The writes really overlapped the snapshot: some made it in, and some committed while the
    // backup was still running made it out.
    const writesInBackup = restored.Account - initialAccounts;
    expect(writesInBackup).toBeGreaterThanOrEqual(0);
    expect(writesInBackup).toBeLessThan(writesBeforeBackupEnded);
    // And the source kept every write.
    const sourceLedger = await prisma.account.findUniqueOrThrow({ where: ledgerKey });
    expect(sourceLedger.employees).toBe(initialAccounts + nextId - 100_000);
  });
});

describe("restoring a damaged backup file", () => {
  test.each(backupFileDamages)("%s fails verification and leaves the target as it was", async (_name, damage) => {
    const backup = await backUp(inst.source);
    const target = await newSandbox({ seed: 21, accounts: 8 });
    const before = await recordsHash(target.id);
    damage(storagePath(backup.storageKey!));

    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let operation;
    try {
      operation = await restore(backup.id, target);
    } finally {
      quiet.mockRestore();
    }

    expect(operation).toMatchObject({
      status: "Failed",
      exclusiveKey: null,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    expect(operation.error).toMatch(/^The backup file failed verification: /);
    expect(await recordsHash(target.id)).toBe(before);
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: target.id } })).state).toBe("Ready");
    expect(await prisma.auditEntry.findMany({ where: { operationId: operation.id } })).toEqual([
      expect.objectContaining({ action: "backup.restore", outcome: "failed", detail: operation.error }),
    ]);
    // The backup row itself is not changed by a failed restore.
    expect(await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).toEqual(backup);
  });
});

describe("refusals", () => {
  let succeeded: Backup;
  let system: Backup;

  beforeAll(async () => {
    succeeded = await backUp(inst.source, { label: "For refusals" });
    await requestBackup({ actor: null, instance: inst.source, kind: "System", label: "Nightly" });
    await runQueuedOperations();
    system = await prisma.backup.findFirstOrThrow({ where: { kind: "System" } });
    expect(system).toMatchObject({ status: "Succeeded", createdById: null });
  });

  test("an on-demand backup of an instance older than 8.1", async () => {
    const legacy = await prisma.instance.findUniqueOrThrow({ where: { id: inst.legacy.id } });
    await expectRefusal(
      () => requestBackup({ actor: actors.admin, instance: legacy, kind: "OnDemand", label: "Old" }),
      ValidationError,
      "Contoso Legacy runs version 8.0. On-demand backups need version 8.1 or later.",
    );
  });

  test("a backup of an instance that is being restored", async () => {
    const target = await newSandbox();
    await startRestoreAs({ actor: actors.admin, backupId: succeeded.id, targetInstanceId: target.id });
    const restoring = await prisma.instance.findUniqueOrThrow({ where: { id: target.id } });
    await expectRefusal(
      () => requestBackup({ actor: actors.admin, instance: restoring, kind: "OnDemand", label: "Now" }),
      ConflictError,
      /is being restored/,
    );
    await runQueuedOperations();
  });

  test("a restore into a Production instance", async () => {
    await expectRefusal(
      () => startRestoreAs({ actor: actors.admin, backupId: succeeded.id, targetInstanceId: inst.prod.id }),
      ValidationError,
      "You can only restore to a Sandbox instance. Switch Contoso Prod to Sandbox first.",
    );
  });

  test("a restore of a failed backup", async () => {
    const instance = await newSandbox({ seed: 31, accounts: 2 });
    const unblock = blockStorageOf(instance.id);
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const failed = await backUp(instance).finally(() => {
      quiet.mockRestore();
      unblock();
    });
    expect(failed.status).toBe("Failed");
    await expectRefusal(
      () => startRestoreAs({ actor: actors.admin, backupId: failed.id, targetInstanceId: inst.spare.id }),
      ConflictError,
      "This backup failed, so it can't be restored.",
    );
  });

  test("a restore of a backup that is still queued, and its deletion", async () => {
    const { backup } = await queueBackup(actors.admin, inst.source);
    await expectRefusal(
      () => startRestoreAs({ actor: actors.admin, backupId: backup.id, targetInstanceId: inst.spare.id }),
      ConflictError,
      "This backup hasn't finished yet. Restore it once it has succeeded.",
    );
    await expectRefusal(
      () => deleteBackupAs({ actor: actors.admin, backupId: backup.id }),
      ConflictError,
      "This backup is still being created. Delete it once it has finished.",
    );
    await runQueuedOperations();
  });

  test("a restore of an expired backup (and expired backups can't be edited or deleted)", async () => {
    const fourDaysAgo = new Date(Date.now() - 4 * 86_400_000);
    const expired = await backUp(inst.source, { label: "Old", now: fourDaysAgo });
    expect(expired.status).toBe("Succeeded");
    expect(expired.expiresAt.getTime()).toBeLessThan(Date.now());
    await expectRefusal(
      () => startRestoreAs({ actor: actors.admin, backupId: expired.id, targetInstanceId: inst.spare.id }),
      ConflictError,
      "This backup has expired and can no longer be restored.",
    );
    await expectRefusal(
      () => editBackupAs({ actor: actors.admin, backupId: expired.id, label: "x", notes: "" }),
      NotFoundError,
      "Backup not found.",
    );
    await expectRefusal(
      () => deleteBackupAs({ actor: actors.admin, backupId: expired.id }),
      NotFoundError,
      "Backup not found.",
    );
  });

  test("a second restore into an instance that is already Restoring", async () => {
    const target = await newSandbox({ seed: 41, accounts: 3 });
    const { operation } = await startRestoreAs({
      actor: actors.admin,
      backupId: succeeded.id,
      targetInstanceId: target.id,
    });
    await expectRefusal(
      () => startRestoreAs({ actor: actors.admin, backupId: system.id, targetInstanceId: target.id }),
      ConflictError,
      `A restore is already running on ${target.name}.`,
    );
    // While the restore is queued its backup can't be deleted either.
    await expectRefusal(
      () => deleteBackupAs({ actor: actors.admin, backupId: succeeded.id }),
      ConflictError,
      "This backup is being restored. Delete it once the restore has finished.",
    );
    await runQueuedOperations();
    expect((await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).status).toBe("Succeeded");
  });

  test("two concurrent restores into one instance: exactly one is queued", async () => {
    const target = await newSandbox();
    const attempts = await Promise.allSettled(
      [succeeded.id, system.id, succeeded.id].map((backupId) =>
        startRestoreAs({ actor: actors.admin, backupId, targetInstanceId: target.id }),
      ),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const attempt of attempts.filter((a) => a.status === "rejected")) {
      expect(attempt.reason).toBeInstanceOf(ConflictError);
    }
    expect(await prisma.operation.count({ where: { instanceId: target.id, type: "Restore" } })).toBe(1);
    await runQueuedOperations();
  });

  test("editing or deleting a System backup", async () => {
    await expectRefusal(
      () => editBackupAs({ actor: actors.admin, backupId: system.id, label: "Mine", notes: "" }),
      ValidationError,
      "System backups can't be edited; they can only be restored.",
    );
    await expectRefusal(
      () => deleteBackupAs({ actor: actors.admin, backupId: system.id }),
      ValidationError,
      "System backups can't be deleted; they can only be restored.",
    );
    expect(existsSync(storagePath(system.storageKey!))).toBe(true);
  });

  test.each(["sysAdminOfProd", "delegatedOfFabrikam"] as const)(
    "%s can't see the backup: edit, delete and restore read as not found",
    async (name) => {
      const actor = actors[name];
      for (const backupId of [succeeded.id, system.id]) {
        await expectRefusal(
          () => editBackupAs({ actor, backupId, label: "Taken over", notes: "" }),
          NotFoundError,
          "Backup not found.",
        );
        await expectRefusal(() => deleteBackupAs({ actor, backupId }), NotFoundError, "Backup not found.");
        await expectRefusal(
          () => startRestoreAs({ actor, backupId, targetInstanceId: inst.spare.id }),
          NotFoundError,
          "Backup not found.",
        );
      }
    },
  );

  test("a restore into a target outside the actor's scope reads as not found", async () => {
    // The System Administrator of the source may restore its backups, but only into the source.
    for (const target of [inst.spare, inst.fabrikamSandbox]) {
      await expectRefusal(
        () => startRestoreAs({ actor: actors.sysAdminOfSource, backupId: succeeded.id, targetInstanceId: target.id }),
        NotFoundError,
        "Instance not found.",
      );
    }
    await expectRefusal(
      () => startRestoreAs({ actor: actors.admin, backupId: succeeded.id, targetInstanceId: "no-such-instance" }),
      NotFoundError,
      "Instance not found.",
    );
  });

  test("a restore into an instance of another tenant", async () => {
    await expectRefusal(
      () =>
        startRestoreAs({
          actor: actors.adminOfBoth,
          backupId: succeeded.id,
          targetInstanceId: inst.fabrikamSandbox.id,
        }),
      ValidationError,
      "A backup can only be restored to an instance of the same tenant.",
    );
  });

  test("edit changes only the label and notes", async () => {
    await editBackupAs({ actor: actors.sysAdminOfSource, backupId: succeeded.id, label: "Renamed", notes: "Kept" });
    const edited = await prisma.backup.findUniqueOrThrow({ where: { id: succeeded.id } });
    expect(edited).toEqual({ ...succeeded, label: "Renamed", notes: "Kept" });
  });

  test("delete removes the row and both files; a second delete reads as not found", async () => {
    const backup = await backUp(inst.source, { label: "To delete" });
    const file = storagePath(backup.storageKey!);
    const manifest = storagePath(`${backup.storageKey}.manifest.json`);
    expect(existsSync(file) && existsSync(manifest)).toBe(true);
    const operation = await prisma.operation.findFirstOrThrow({ where: { backupId: backup.id } });

    await deleteBackupAs({ actor: actors.admin, backupId: backup.id });

    expect(await prisma.backup.findUnique({ where: { id: backup.id } })).toBeNull();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(manifest)).toBe(false);
    // The operation's history stays, detached from the deleted backup.
    expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
      status: "Succeeded",
      backupId: null,
    });
    await expectRefusal(
      () => deleteBackupAs({ actor: actors.admin, backupId: backup.id }),
      NotFoundError,
      "Backup not found.",
    );
  });
});
