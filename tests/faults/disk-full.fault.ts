// Fault: the backup storage fills up. The storage folder is a small tmpfs (a real full disk,
// ENOSPC from the kernel); a backup that does not fit, or whose manifest no longer fits after its
// data file did, fails cleanly with a reason, leaves none of its files (the space is given back),
// and the next backup succeeds. Where mounting is refused, a byte budget on writes stands in.
import { writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Instance } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, expect, test, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { createActor, createInstance, createTenant } from "../support/fixtures";
import { filesOfBackup, verifyStoredBackup } from "./support/backup-files";
import { storageFaults } from "./support/faulty-fs";
import { backUp } from "./support/in-process";
import { seedLargeInstance } from "./support/large-instance";
import { freeBytes, mountTmpfs, unmount } from "./support/tmpfs";
import { fileWorld } from "./support/world";

vi.mock("node:fs", async (original) => (await import("./support/faulty-fs")).withFaultyWrites(await original()));
vi.mock("node:fs/promises", async (original) =>
  (await import("./support/faulty-fs")).withFaultyFileHandles(await original()),
);

const diskBytes = 512 * 1024;
const pageBytes = 4096;
const world = fileWorld();
let actor: Actor;
const instances = {} as Record<"large" | "medium" | "small", Instance>;
let mounted = false;

beforeAll(async () => {
  const tmpfs = mountTmpfs(world.storageDir, diskBytes);
  mounted = tmpfs.mounted;
  if (!tmpfs.mounted)
    console.warn(`disk full: mounting a tmpfs was refused (${tmpfs.reason}); simulating ENOSPC with a write budget`);
  const tenant = await createTenant("Contoso");
  actor = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
  // Backed up, about 900 KB, 120 KB and 20 KB.
  for (const [name, records] of [
    ["large", 12_000],
    ["medium", 1_600],
    ["small", 300],
  ] as const) {
    instances[name] = await createInstance(tenant.id, { name: `Contoso ${name}` });
    await seedLargeInstance(world, { instanceId: instances[name].id, records, seed: records });
  }
  // The first backup also marks the storage as this installation's (a small file of its own).
  expect((await backUp(actor, instances.small, "Marks the storage")).status).toBe("Succeeded");
});

afterAll(() => {
  if (mounted) unmount(world.storageDir);
});

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  return () => vi.restoreAllMocks();
});

/** Free space on the storage: the tmpfs's, or what the simulated budget has left. */
const spaceLeft = (budget: number) => (mounted ? freeBytes(world.storageDir) : budget);

/** Backs up `instance` while the disk holds only `budget` more bytes (simulated only without tmpfs). */
async function backUpWithSpace(instance: Instance, budget: number) {
  if (!mounted) storageFaults.watch(world.storageDir, { budgetBytes: budget });
  try {
    return await backUp(actor, instance, `${instance.name} on a full disk`);
  } finally {
    storageFaults.stop();
  }
}

async function expectCleanFailureForLackOfSpace(backupId: string) {
  const backup = await prisma.backup.findUniqueOrThrow({ where: { id: backupId } });
  expect(backup).toMatchObject({ status: "Failed", storageKey: null, sha256: null });
  expect(backup.failureReason).toBeTruthy();
  const operation = await prisma.operation.findFirstOrThrow({ where: { backupId } });
  expect(operation).toMatchObject({ status: "Failed", leaseOwner: null });
  expect(operation.error).toBeTruthy();
  // The audit entry keeps the underlying error: it was the full disk, not something else.
  const audit = await prisma.auditEntry.findMany({ where: { operationId: operation.id } });
  expect(audit).toEqual([expect.objectContaining({ action: "backup.create", outcome: "failed" })]);
  expect(audit[0]!.detail).toMatch(/ENOSPC/);
  expect(filesOfBackup(world.storageDir, backupId)).toEqual([]);
}

test("a backup larger than the free space fails cleanly, gives the space back, and the next backup succeeds", async () => {
  const freeBefore = spaceLeft(diskBytes);
  const failed = await backUpWithSpace(instances.large, freeBefore);
  await expectCleanFailureForLackOfSpace(failed.id);
  expect(spaceLeft(freeBefore)).toBe(freeBefore);

  // The small backup fits only because the failed one's partial file was removed.
  const next = await backUpWithSpace(instances.small, freeBefore);
  expect(next.status).toBe("Succeeded");
  expect(verifyStoredBackup(world.storageDir, next)).toEqual([]);
});

test("a backup whose data file fits but whose manifest doesn't fails cleanly and removes the data file", async () => {
  // Backup files are deterministic: the same records always give the same bytes.
  const sized = await backUpWithSpace(instances.medium, spaceLeft(diskBytes));
  expect(sized.status).toBe("Succeeded");
  const dataBytes = Number(sized.sizeBytes);
  await prisma.backup.delete({ where: { id: sized.id } });
  for (const key of filesOfBackup(world.storageDir, sized.id)) rmSync(join(world.storageDir, key));

  // Leave exactly the pages the data file needs: the manifest, written next, finds the disk full.
  const filler = join(world.storageDir, "filler.bin");
  const room = Math.ceil(dataBytes / pageBytes) * pageBytes;
  if (mounted) {
    writeFileSync(filler, Buffer.alloc(freeBytes(world.storageDir) - room));
    expect(freeBytes(world.storageDir)).toBe(room);
  }
  try {
    const failed = await backUpWithSpace(instances.medium, dataBytes);
    await expectCleanFailureForLackOfSpace(failed.id);
  } finally {
    rmSync(filler, { force: true });
  }
  const next = await backUpWithSpace(instances.medium, spaceLeft(diskBytes));
  expect(next.status).toBe("Succeeded");
  expect(verifyStoredBackup(world.storageDir, next)).toEqual([]);
});
