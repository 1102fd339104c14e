// Fault: a worker is paused (SIGSTOP) in the middle of a backup for longer than its lease, a second
// worker takes the backup over and finishes it, then the first resumes (SIGCONT) and runs its copy
// to the end. The backup completes exactly once: one Succeeded outcome and audit entry, the row as
// the second worker left it, and no file of the first worker's attempt left in storage.
import type { Instance } from "@prisma/client";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { createActor, createInstance, createTenant } from "../support/fixtures";
import { queueBackup } from "../support/operations";
import { filesOfBackup, expectedFiles, verifyStoredBackup } from "./support/backup-files";
import { seedLargeInstance } from "./support/large-instance";
import { createRandom } from "./support/prng";
import { isOwnedBy, startWorker, stopAllProcesses, waitForOutput, type Worker } from "./support/processes";
import { faultSettings, seedFor } from "./support/settings";
import { sleep, waitFor } from "./support/wait";
import { fileWorld, openWorldDatabase } from "./support/world";
import { runTimeMs } from "./support/world-database";

const world = fileWorld();
const db = await openWorldDatabase(world);
const random = createRandom(seedFor("paused-worker"));
const leaseMs = faultSettings.leaseSeconds * 1000;
let actor: Actor;
let instance: Instance;
let backupMs: number;

beforeAll(async () => {
  console.log(`paused worker: seed ${faultSettings.seed}`);
  const tenant = await createTenant("Contoso");
  actor = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
  instance = await createInstance(tenant.id, { name: "Contoso Production", type: "Production" });
  await seedLargeInstance(world, {
    instanceId: instance.id,
    records: faultSettings.pausedWorkerRecords,
    seed: 5,
  });
  const { operation } = await queueBackup(actor, instance, "Timed");
  const timer = startWorker(world, "timing worker");
  backupMs = runTimeMs(await db.settled(operation.id, 120_000));
  await timer.kill();
});

afterEach(stopAllProcesses);
afterAll(() => db.close());

/**
 * Pauses `worker`, but never while it holds write locks (a paused process may have stopped holding
 * them): nobody could take over then, by design of the database. SQLite has one write lock, which
 * the second worker's claim would wait for; on PostgreSQL its claim skips rows another transaction
 * has locked.
 */
async function pause(worker: Worker): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    worker.signal("SIGSTOP");
    await sleep(20);
    if (!(await db.othersHoldWriteLocks())) return;
    worker.signal("SIGCONT");
    await sleep(random.int(5, 30));
  }
  throw new Error("the worker held write locks at every attempt to pause it");
}

test(`a worker paused past its lease mid-backup, ${faultSettings.pausedWorkerTrials} times: the backup completes exactly once`, async () => {
  const violations: string[] = [];
  let tooLate = 0;
  for (let trial = 1; trial <= faultSettings.pausedWorkerTrials; trial++) {
    const where = `trial ${trial}`;
    const { operation, backup } = await queueBackup(actor, instance, `Paused ${trial}`);
    const first = startWorker(world, `paused worker ${trial}`);
    await waitFor(async () => (isOwnedBy((await db.operation(operation.id))!.leaseOwner, first) ? true : undefined), {
      timeoutMs: 30_000,
      what: `${where}: the first worker to claim the backup`,
    });
    await sleep(random.int(Math.round(backupMs * 0.1), Math.round(backupMs * 0.4)));
    await pause(first);
    const pausedAt = Date.now();
    const atPause = (await db.operation(operation.id))!;
    if (atPause.status !== "Running" || !isOwnedBy(atPause.leaseOwner, first)) {
      // It ran faster than the timed backup (a quieter machine): that trial tested nothing, retry it.
      await first.kill();
      if (++tooLate > 5) throw new Error(`paused too late ${tooLate} times: the backup was already ${atPause.status}`);
      trial--;
      continue;
    }

    const second = startWorker(world, `second worker ${trial}`);
    const done = await db.settled(operation.id, leaseMs + faultSettings.takeoverSlackMs + backupMs * 4 + 10_000);
    const takeoverMs = Date.parse(done.startedAt!) - pausedAt;
    if (done.status !== "Succeeded" || done.attempts !== 2)
      violations.push(`${where}: taken over as ${done.status} after ${done.attempts} claims (${done.error})`);
    if (takeoverMs > leaseMs + faultSettings.takeoverSlackMs)
      violations.push(`${where}: taken over ${takeoverMs} ms after the pause`);
    const finishedRow = (await db.backup(backup.id))!;

    // The first worker wakes up mid-snapshot and runs its copy of the backup to the end.
    first.signal("SIGCONT");
    await waitForOutput(first, new RegExp(`finished Backup ${operation.id}`), 60_000);

    const audit = (await db.audit(`"operationId" = ?`, operation.id)).map((a) => `${a.action} ${a.outcome}`);
    if (audit.join() !== "backup.create succeeded") violations.push(`${where}: audited ${JSON.stringify(audit)}`);
    const after = (await db.operation(operation.id))!;
    if (JSON.stringify(after) !== JSON.stringify(done))
      violations.push(`${where}: the operation changed after the first worker resumed`);
    const row = (await db.backup(backup.id))!;
    if (JSON.stringify(row) !== JSON.stringify(finishedRow))
      violations.push(`${where}: the backup row changed after the first worker resumed`);
    violations.push(...verifyStoredBackup(world.storageDir, row).map((p) => `${where}: ${p}`));
    const files = filesOfBackup(world.storageDir, backup.id);
    if (JSON.stringify(files) !== JSON.stringify(expectedFiles([row])))
      violations.push(
        `${where}: stored files ${JSON.stringify(files)}, expected ${JSON.stringify(expectedFiles([row]))}`,
      );
    const runs = [...first.operationsStarted(), ...second.operationsStarted()].filter((id) => id === operation.id);
    if (runs.length !== 2) violations.push(`${where}: run ${runs.length} times`);
    await Promise.all([first.kill(), second.kill()]);
  }
  expect(violations).toEqual([]);
});
