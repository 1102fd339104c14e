// Fault: the worker process is SIGKILLed at random points while it writes backups. No backup is
// ever marked Succeeded unless its file re-reads as exactly what the row says; interrupted backups
// are retried by the next worker (or failed after too many attempts); and whatever the killed
// workers left in storage (temporary files, files whose row never committed) is removed by the
// storage sweep once its grace period has passed, leaving exactly the Succeeded backups' files.
import { afterEach, beforeAll, expect, test } from "vitest";
import type { Instance } from "@prisma/client";
import type { Actor } from "@/lib/auth/policy";
import { sweepStorage } from "@/lib/lifecycle/purge-backups";
import { createActor, createInstance, createTenant } from "../support/fixtures";
import { queueBackup } from "../support/operations";
import { expectedFiles, isPartialFile, storedFiles, verifyStoredBackup } from "./support/backup-files";
import { seedLargeInstance } from "./support/large-instance";
import { createRandom } from "./support/prng";
import { isOwnedBy, startWorker, stopAllProcesses } from "./support/processes";
import { faultSettings, seedFor } from "./support/settings";
import { sleep, waitFor } from "./support/wait";
import { fileWorld, openWorldDatabase } from "./support/world";
import { runTimeMs, type OperationRow } from "./support/world-database";

const world = fileWorld();
const leaseMs = faultSettings.leaseSeconds * 1000;
/** The sweep leaves files younger than an hour alone (a backup may be recording its outcome). */
const afterTheGracePeriod = () => new Date(Date.now() + 2 * 3_600_000);
let actor: Actor;
let instance: Instance;

beforeAll(async () => {
  console.log(`backup kills: seed ${faultSettings.seed}`);
  const tenant = await createTenant("Contoso");
  actor = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
  instance = await createInstance(tenant.id, { name: "Busy Production", type: "Production" });
  await seedLargeInstance(world, { instanceId: instance.id, records: faultSettings.backupKillRecords, seed: 2 });
});

afterEach(stopAllProcesses);

test(`SIGKILL at random points of backups, ${faultSettings.backupKills} times: no bad Succeeded backup, nothing left behind`, async () => {
  const db = await openWorldDatabase(world);
  const random = createRandom(seedFor("backup-kill"));
  const violations: string[] = [];
  const verified = new Set<string>();
  /** Every backup that turned Succeeded since the last look must re-read as its row says. */
  const verifyNewlySucceeded = async (where: string) => {
    for (const backup of await db.backups(`"status" = 'Succeeded'`)) {
      if (verified.has(backup.id)) continue;
      verified.add(backup.id);
      violations.push(...verifyStoredBackup(world.storageDir, backup).map((p) => `${where}: ${p}`));
    }
  };

  // One uninterrupted backup tells how long a backup runs, so kills can be spread over it.
  const first = await queueBackup(actor, instance, "Timed");
  const timer = startWorker(world, "timing worker");
  const timed = await db.settled(first.operation.id, 120_000);
  expect(timed.status).toBe("Succeeded");
  await timer.kill();
  const backupMs = runTimeMs(timed);
  await verifyNewlySucceeded("timed backup");

  const killedWhile: Record<string, number> = {};
  for (let trial = 1; trial <= faultSettings.backupKills; trial++) {
    const where = `trial ${trial}`;
    if ((await db.operations(`"status" = 'Queued'`)).length === 0) await queueBackup(actor, instance, `Trial ${trial}`);
    const worker = startWorker(world, `worker ${trial}`);
    // It takes the oldest runnable operation: a queued one, or one whose dead worker's lease ran out.
    const claimed = await waitFor(
      async () => (await db.operations(`"status" = 'Running'`)).find((op) => isOwnedBy(op.leaseOwner, worker)),
      {
        timeoutMs: leaseMs + 30_000,
        what: `${where}: the worker to claim a backup`,
      },
    );
    await sleep(random.int(0, Math.round(backupMs * 1.1)));
    const atKill = (await db.operation(claimed.id))!;
    const phase =
      atKill.status === "Running"
        ? `attempt ${atKill.attempts} at ${Math.floor(atKill.progress / 25) * 25}%+`
        : atKill.status;
    killedWhile[phase] = (killedWhile[phase] ?? 0) + 1;
    await worker.kill();
    violations.push(...(await db.integrityProblems()).map((p) => `${where}: ${p}`));
    await verifyNewlySucceeded(where);
  }

  // A last worker finishes what the killed ones left: every interrupted backup is retried.
  const finisher = startWorker(world, "finishing worker");
  let unfinished: OperationRow[] = [];
  await waitFor(
    async () => {
      unfinished = await db.operations(`"status" IN ('Queued', 'Running')`);
      return unfinished.length === 0 ? true : undefined;
    },
    { timeoutMs: 180_000, what: "the queue to drain", describe: () => JSON.stringify(unfinished) },
  );
  await finisher.kill();
  await verifyNewlySucceeded("after the queue drained");

  const backups = await db.backups();
  for (const backup of backups) {
    if (backup.status === "Succeeded") continue;
    if (backup.status !== "Failed" || !backup.failureReason || backup.storageKey !== null)
      violations.push(`backup ${backup.id} ended ${backup.status} (${backup.failureReason}, key ${backup.storageKey})`);
  }
  for (const operation of await db.operations()) {
    const outcomes = await db.audit(`"operationId" = ? AND "action" = 'backup.create'`, operation.id);
    const expected = operation.status === "Succeeded" ? "succeeded" : "failed";
    if (outcomes.length !== 1 || outcomes[0]!.outcome !== expected)
      violations.push(
        `operation ${operation.id} (${operation.status}) audited as ${JSON.stringify(outcomes.map((a) => a.outcome))}`,
      );
  }

  // What the kills left behind, and the sweep (driven by its clock past the grace period) removing it.
  const keep = expectedFiles(backups);
  const leftovers = storedFiles(world.storageDir).filter((key) => !keep.includes(key));
  const sweep = await sweepStorage({ now: afterTheGracePeriod() });
  expect(violations).toEqual([]);
  expect([...sweep.incompleteFilesRemoved, ...sweep.orphanFilesRemoved].sort()).toEqual(leftovers);
  expect(sweep.unknownFiles).toEqual([]);
  expect(sweep.missingFiles).toEqual([]);
  expect(storedFiles(world.storageDir)).toEqual(keep);

  const succeeded = backups.filter((b) => b.status === "Succeeded").length;
  console.log(
    `backup kills: ${faultSettings.backupKills} kills over ${backups.length} backups (one backup ≈ ${backupMs} ms), ` +
      `killed while ${JSON.stringify(killedWhile)}; ${succeeded} Succeeded, ${backups.length - succeeded} Failed; ` +
      `the sweep removed ${leftovers.filter(isPartialFile).length} partial and ${leftovers.filter((k) => !isPartialFile(k)).length} orphan file(s)`,
  );
  await db.close();
});
