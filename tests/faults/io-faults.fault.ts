// Fault: the disk fails under a backup. For every write, fsync and rename one backup makes (its
// data file, its manifest), a run where exactly that call fails with EIO must end cleanly: the
// backup and its operation Failed with a reason, audited, no Succeeded row, none of its files left
// in storage, and the next backup succeeds and re-reads correctly.
import type { Instance } from "@prisma/client";
import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { createActor, createInstance, createTenant } from "../support/fixtures";
import { filesOfBackup, verifyStoredBackup } from "./support/backup-files";
import { storageFaults, type FaultCounts, type FaultPoint } from "./support/faulty-fs";
import { backUp } from "./support/in-process";
import { seedLargeInstance } from "./support/large-instance";
import { fileWorld } from "./support/world";

vi.mock("node:fs", async (original) => (await import("./support/faulty-fs")).withFaultyWrites(await original()));
vi.mock("node:fs/promises", async (original) =>
  (await import("./support/faulty-fs")).withFaultyFileHandles(await original()),
);

const world = fileWorld();
let actor: Actor;
let instance: Instance;
/** The calls one successful backup of `instance` makes. */
let callsOfOneBackup: FaultCounts;

beforeAll(async () => {
  const tenant = await createTenant("Contoso");
  actor = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
  instance = await createInstance(tenant.id, { name: "Contoso Sandbox" });
  // Enough records for the file to be written in several chunks.
  await seedLargeInstance(world, { instanceId: instance.id, records: 7500, seed: 3 });
  expect((await backUp(actor, instance, "First")).status).toBe("Succeeded"); // marks the storage as this app's
  storageFaults.watch(world.storageDir);
  const counted = await backUp(actor, instance, "Counted");
  callsOfOneBackup = storageFaults.stop().counts;
  expect(counted.status).toBe("Succeeded");
  console.log(`io faults: one backup makes ${JSON.stringify(callsOfOneBackup)} calls`);
  // The data file and the manifest are each written, fsynced (file and folder) and renamed.
  expect(callsOfOneBackup.write).toBeGreaterThanOrEqual(4);
  expect(callsOfOneBackup.fsync).toBeGreaterThanOrEqual(2);
  expect(callsOfOneBackup.rename).toBe(2);
});

beforeEach(() => {
  // The worker logs each failed backup; the assertions below say what matters.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  return () => vi.restoreAllMocks();
});

/** What is wrong with how a backup ended while the storage failed under it; empty when it ended cleanly. */
async function cleanFailureProblems(backupId: string): Promise<string[]> {
  const problems: string[] = [];
  const backup = await prisma.backup.findUniqueOrThrow({ where: { id: backupId } });
  if (backup.status !== "Failed" || !backup.failureReason) problems.push(`backup ended ${backup.status}`);
  if (backup.storageKey || backup.sha256) problems.push("backup row points at a file");
  const operation = await prisma.operation.findFirstOrThrow({ where: { backupId } });
  if (operation.status !== "Failed" || !operation.error) problems.push(`operation ended ${operation.status}`);
  if (operation.leaseOwner) problems.push("operation still leased");
  const audit = await prisma.auditEntry.findMany({ where: { operationId: operation.id } });
  if (audit.map((a) => `${a.action} ${a.outcome}`).join() !== "backup.create failed")
    problems.push(`audited as ${audit.map((a) => `${a.action} ${a.outcome}`).join(", ")}`);
  const files = filesOfBackup(world.storageDir, backupId);
  if (files.length > 0) problems.push(`files left: ${files.join(", ")}`);
  return problems;
}

test.each(["write", "fsync", "rename"] satisfies FaultPoint[])(
  "a backup whose every single %s fails in turn fails cleanly, and the next backup succeeds",
  async (point) => {
    const violations: string[] = [];
    const calls = callsOfOneBackup[point];
    for (let call = 1; call <= calls; call++) {
      storageFaults.watch(world.storageDir, { failAt: { point, call } });
      const failed = await backUp(actor, instance, `${point} ${call} fails`);
      const { fired } = storageFaults.stop();
      const where = `${point} ${call} of ${calls}`;
      if (!fired) violations.push(`${where}: the fault was never reached`);
      violations.push(...(await cleanFailureProblems(failed.id)).map((p) => `${where}: ${p}`));

      const next = await backUp(actor, instance, `after ${point} ${call}`);
      if (next.status !== "Succeeded") violations.push(`${where}: the next backup ended ${next.status}`);
      else violations.push(...verifyStoredBackup(world.storageDir, next).map((p) => `${where}: next backup: ${p}`));
    }
    expect(violations).toEqual([]);
  },
);
