// Verify: re-reading a backup's stored file end to end. A good file passes and says so; a damaged
// or missing one turns the backup to Failed verification with the reason, and its restore is then
// refused; the failure is never hidden by re-hashing the damaged file.
import { writeFileSync, readFileSync } from "node:fs";
import type { Instance } from "@prisma/client";
import { beforeAll, describe, expect, test, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { listActivity } from "@/lib/operations/list-activity";
import { backupFileDamages } from "./support/backup-file-damages";
import { requestVerificationAs, startRestoreAs } from "./support/backup-services";
import { createActor, createInstance, createTenant, seedRecords } from "./support/fixtures";
import { queueBackup, recordsHash, runQueuedOperations, storagePath, verifyAs } from "./support/operations";

let admin: Actor;
let source: Instance;
let target: Instance;

beforeAll(async () => {
  const tenantId = (await createTenant("Verify Tenant")).id;
  admin = await createActor("verify-admin@test", [{ role: "GlobalAdmin", tenantId }]);
  source = await createInstance(tenantId, { name: "Verify Source" });
  target = await createInstance(tenantId, { name: "Verify Target" });
  await seedRecords(source.id, { seed: 5, accounts: 12 });
});

async function backUp(label: string) {
  const { backup } = await queueBackup(admin, source, label);
  await runQueuedOperations();
  return prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
}

/** Verifies as the admin and runs the worker; the operation as it ended. */
const verify = (backupId: string) => verifyAs(admin, backupId);

const recordsOf = (recordCounts: string | null) =>
  Object.values(JSON.parse(recordCounts!) as Record<string, number>).reduce((sum, n) => sum + n, 0);

test("a good file passes: Last verified is recorded and the backup stays restorable", async () => {
  const backup = await backUp("Good file");
  const operation = await verify(backup.id);

  expect(operation).toMatchObject({ type: "Verify", status: "Succeeded", exclusiveKey: null, leaseOwner: null });
  expect(operation.detail).toBe(`${recordsOf(backup.recordCounts).toLocaleString("en-US")} records checked`);
  const after = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  expect(after).toEqual({
    ...backup,
    verifiedAt: operation.finishedAt,
    verificationPassed: true,
  });
  // The action's "accepted" entry is the wrapper's (tests/authorization-matrix.test.ts); the outcome is the worker's.
  expect(await prisma.auditEntry.findMany({ where: { operationId: operation.id } })).toEqual([
    expect.objectContaining({
      action: "backup.verify",
      outcome: "succeeded",
      actorId: admin.userId,
      backupId: backup.id,
      detail: `Verification of "Good file" passed: ${operation.detail}`,
    }),
  ]);
  const { items } = await listActivity({ actor: admin, instance: source });
  expect(items[0]).toMatchObject({ type: "Verify", status: "Succeeded", label: "Good file", startedBy: admin.name });
});

describe("a damaged or missing file", () => {
  test.each(backupFileDamages)("%s turns the backup to Failed verification with the reason", async (name, damage) => {
    const backup = await backUp(`Damaged: ${name}`);
    damage(storagePath(backup.storageKey!));
    const operation = await verify(backup.id);

    expect(operation).toMatchObject({ type: "Verify", status: "Failed", exclusiveKey: null });
    expect(operation.error).toMatch(/^The backup file failed verification: /);
    const after = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
    expect(after).toMatchObject({
      status: "FailedVerification",
      failureReason: operation.error,
      verifiedAt: operation.finishedAt,
      verificationPassed: false,
      verificationReason: operation.error,
      verificationFailedAt: operation.finishedAt,
    });
    expect(
      await prisma.auditEntry.findFirst({ where: { operationId: operation.id, outcome: "failed" } }),
    ).toMatchObject({ action: "backup.verify", backupId: backup.id, instanceId: source.id });
  });

  test("its restore is refused with the reason, and nothing is queued", async () => {
    const backup = await backUp("Refused after verification");
    backupFileDamages[0]![1](storagePath(backup.storageKey!));
    const verification = await verify(backup.id);
    const before = await recordsHash(target.id);
    const operations = await prisma.operation.count();

    const refusal = startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });
    await expect(refusal).rejects.toThrow(ConflictError);
    await expect(refusal).rejects.toThrow(
      `This backup failed verification, so it can't be restored. ${verification.error}`,
    );
    expect(await prisma.operation.count()).toBe(operations);
    expect(await recordsHash(target.id)).toBe(before);
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: target.id } })).state).toBe("Ready");
  });

  test("a restore accepted before the verification failed is refused by the worker", async () => {
    const backup = await backUp("Failed while queued");
    const { operation } = await startRestoreAs({ actor: admin, backupId: backup.id, targetInstanceId: target.id });
    await prisma.backup.update({
      where: { id: backup.id },
      data: { status: "FailedVerification", failureReason: "The backup file failed verification: test." },
    });
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await runQueuedOperations().finally(() => quiet.mockRestore());
    expect(await prisma.operation.findUniqueOrThrow({ where: { id: operation.id } })).toMatchObject({
      status: "Failed",
      error: "This backup failed verification, so it can't be restored. The backup file failed verification: test.",
    });
  });

  test("re-verifying the damaged file fails again; the file put back passes and the failure stays on record", async () => {
    const backup = await backUp("Put back");
    const path = storagePath(backup.storageKey!);
    const good = readFileSync(path);
    backupFileDamages[0]![1](path);
    const first = await verify(backup.id);
    const again = await verify(backup.id);
    expect(again.status).toBe("Failed");
    expect(await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).toMatchObject({
      status: "FailedVerification",
      verificationFailedAt: first.finishedAt,
      verifiedAt: again.finishedAt,
    });

    // The original bytes hash to the SHA-256 recorded at backup time again: whole, restorable.
    writeFileSync(path, good);
    const passed = await verify(backup.id);
    expect(passed.status).toBe("Succeeded");
    expect(await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).toMatchObject({
      status: "Succeeded",
      failureReason: null,
      verificationPassed: true,
      verificationReason: null,
      verificationFailedAt: first.finishedAt,
    });
    const { items } = await listActivity({ actor: admin, instance: source });
    expect(items.slice(0, 3).map((item) => [item.type, item.status])).toEqual([
      ["Verify", "Succeeded"],
      ["Verify", "Failed"],
      ["Verify", "Failed"],
    ]);
  });
});

describe("refusals", () => {
  test("a second verification while one is queued", async () => {
    const backup = await backUp("Twice");
    await requestVerificationAs({ actor: admin, backupId: backup.id });
    await expect(requestVerificationAs({ actor: admin, backupId: backup.id })).rejects.toThrow(
      "This backup is already being verified.",
    );
    await runQueuedOperations();
  });

  test("a backup that did not succeed", async () => {
    const { backup } = await queueBackup(admin, source, "Not yet");
    await expect(requestVerificationAs({ actor: admin, backupId: backup.id })).rejects.toThrow(
      "Only a backup that succeeded can be verified.",
    );
    await runQueuedOperations();
  });
});
