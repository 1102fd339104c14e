// Fault: the worker process is SIGKILLed at random points while it restores a large instance.
// After every kill the database is sound, the target holds either all its old records or all the
// backup's (never a mix), and a fresh worker takes the restore over once the dead one's lease
// runs out and finishes it (or fails it cleanly), so the instance leaves Restoring.
//
// One large world is seeded once; lanes are copies of it, killed side by side so that one lane's
// lease wait overlaps another's work. Each lane restores its target in turn from backup A and
// backup B (two different states of the same instance), so every restore changes every table.
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { requestBackup } from "@/lib/backups/request-backup";
import { prisma } from "@/lib/db";
import { createActor, createInstance, createTenant } from "../support/fixtures";
import { runQueuedOperations } from "../support/operations";
import { seedLargeInstance } from "./support/large-instance";
import { createRandom, type Random } from "./support/prng";
import { isOwnedBy, startWorker, stopAllProcesses, waitForOutput, type Worker } from "./support/processes";
import { startServiceHost, type ServiceHost } from "./support/services";
import { faultSettings, seedFor } from "./support/settings";
import { sleep, waitFor } from "./support/wait";
import { cloneWorld, fileWorld, openWorldDatabase, type World } from "./support/world";
import { isSettled, runTimeMs, type WorldDatabase } from "./support/world-database";

type State = "A" | "B";
type Lane = {
  index: number;
  world: World;
  db: WorldDatabase;
  services: ServiceHost;
  worker: Worker;
  holds: State;
  /**
   * The shortest uninterrupted restore seen in this lane (claim to finish): kills are spread over
   * it. The shortest, because a retry runs while the test checks the database and so runs slower.
   */
  restoreMs: number;
  random: Random;
};
type TrialRecord = {
  lane: number;
  trial: number;
  delayMs: number;
  statusAtKill: string;
  progressAtKill: number;
  committedBeforeKill: boolean;
  takeoverMs: number | null;
  outcome: string;
};

const leaseMs = faultSettings.leaseSeconds * 1000;
const world = fileWorld();
let actor: Actor;
let targetId: string;
const backupIds = {} as Record<State, string>;
const hashes = {} as Record<State, string>;
let tables: string[];

const other = (state: State): State => (state === "A" ? "B" : "A");

async function backUpTarget(label: string): Promise<string> {
  const target = await prisma.instance.findUniqueOrThrow({ where: { id: targetId } });
  const { backup } = await requestBackup({ actor, instance: target, kind: "OnDemand", label });
  await runQueuedOperations();
  const done = await prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
  expect(done.status).toBe("Succeeded");
  return done.id;
}

beforeAll(async () => {
  console.log(`restore kills: seed ${faultSettings.seed}`);
  const tenant = await createTenant("Contoso");
  actor = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
  targetId = (await createInstance(tenant.id, { name: "Large Sandbox" })).id;
  const seeded = await seedLargeInstance(world, {
    instanceId: targetId,
    records: faultSettings.largeRecords,
    seed: 1,
  });
  expect(seeded).toBeGreaterThanOrEqual(faultSettings.largeRecords);
  const db = await openWorldDatabase(world);
  hashes.A = await db.recordsHash(targetId);
  backupIds.A = await backUpTarget("State A");

  // State B differs from A in every table, and has no fewer records (SQL both databases read alike).
  await db.execute(`
    UPDATE "Account" SET "name" = "name" || ' (renamed)' WHERE "instanceId" = '${targetId}' AND "id" % 3 = 0;
    UPDATE "Contact" SET "accountId" = NULL, "jobTitle" = 'Left' WHERE "instanceId" = '${targetId}' AND "id" % 7 = 0;
    UPDATE "Opportunity" SET "stage" = 'Close lost', "probability" = 0 WHERE "instanceId" = '${targetId}' AND "id" % 5 = 0;
    DELETE FROM "SupportCase" WHERE "instanceId" = '${targetId}' AND "id" % 50 = 0;
    INSERT INTO "Account" ("instanceId", "id", "name", "accountNumber", "industry", "phone", "website", "city",
      "country", "employees", "annualRevenue", "createdAt", "modifiedAt")
      SELECT "instanceId", "id" + 1000000, "name" || ' (copy)', "accountNumber", "industry", "phone", "website", "city",
        "country", "employees", "annualRevenue", "createdAt", "modifiedAt"
      FROM "Account" WHERE "instanceId" = '${targetId}' AND "id" <= 2000;
  `);
  expect(await db.recordCount(targetId)).toBeGreaterThanOrEqual(faultSettings.largeRecords);
  backupIds.B = await backUpTarget("State B");
  hashes.B = await db.recordsHash(targetId);
  tables = await db.tableNames();
  await db.checkpoint();
  await db.close();
  await prisma.$disconnect(); // the world is copied next: nothing may hold it open
});

afterAll(stopAllProcesses);

/** A copy of the large world with its own service host and worker; its first restore is timed, not killed. */
async function openLane(index: number): Promise<Lane> {
  const laneWorld = await cloneWorld(world, join(world.dir, `lane-${index}`));
  const db = await openWorldDatabase(laneWorld);
  const services = await startServiceHost(laneWorld, `lane ${index} services`);
  const worker = startWorker(laneWorld, `lane ${index} worker`);
  const operation = await queueRestore(services, "A");
  const done = await db.settled(operation, 120_000);
  expect(done.status).toBe("Succeeded");
  expect(await db.recordsHash(targetId)).toBe(hashes.A);
  return {
    index,
    world: laneWorld,
    db,
    services,
    worker,
    holds: "A",
    restoreMs: runTimeMs(done),
    random: createRandom(seedFor(`lane-${index}`)),
  };
}

async function queueRestore(services: ServiceHost, state: State): Promise<string> {
  const result = await services.call("startRestore", { actor, backupId: backupIds[state], targetInstanceId: targetId });
  if (!result.ok) throw new Error(`startRestore refused: ${result.error.message}`);
  return result.value as string;
}

/** One kill: restore, kill at a random point, check, then watch a fresh worker take it over. Returns violations. */
async function killTrial(lane: Lane, trial: number, records: TrialRecord[]): Promise<string[]> {
  const { db } = lane;
  const where = `lane ${lane.index} trial ${trial}`;
  const before = hashes[lane.holds];
  const after = hashes[other(lane.holds)];
  const operationId = await queueRestore(lane.services, other(lane.holds));
  const victim = lane.worker;
  const claimed = await waitFor(
    async () => {
      const operation = await db.operation(operationId);
      return operation?.status === "Queued" ? undefined : operation;
    },
    { timeoutMs: 30_000, what: `${where}: the worker to claim the restore` },
  );
  if (!isOwnedBy(claimed.leaseOwner, victim))
    return [`${where}: claimed by ${claimed.leaseOwner}, not the lane's worker`];

  // The worker that takes over boots while the victim works, as a deployment's other workers are
  // already running: take-over time is the product's (lease, poll, claim), not a process start.
  const successor = startWorker(lane.world, `lane ${lane.index} worker`);
  const successorReady = waitForOutput(successor, /\] started\n/, 60_000).then(() => Date.now());
  const delayMs = lane.random.int(0, Math.round(lane.restoreMs * 1.05));
  await sleep(delayMs);
  const atKill = (await db.operation(operationId))!;
  await victim.kill();
  const killedAt = Date.now();
  lane.worker = successor;
  // Counted from the kill, or from the successor's start if a loaded machine made it later.
  const takeoverFrom = Math.max(killedAt, await successorReady);

  const violations: string[] = (await db.integrityProblems()).map((p) => `${where}: ${p}`);
  const hashAfterKill = await db.recordsHash(targetId);
  if (hashAfterKill !== before && hashAfterKill !== after)
    violations.push(`${where}: after the kill the target holds neither its old records nor the backup's`);

  const deadline = takeoverFrom + leaseMs + faultSettings.takeoverSlackMs;
  const end = await waitFor(
    async () => {
      const operation = (await db.operation(operationId))!;
      if (operation.status === "Running" && isOwnedBy(operation.leaseOwner, victim) && Date.now() > deadline)
        return { stuck: true as const, operation };
      return isSettled(operation) && (await db.instanceState(targetId))?.state !== "Restoring"
        ? { stuck: false as const, operation }
        : undefined;
    },
    { timeoutMs: 60_000, what: `${where}: the restore to be retried and finish` },
  );
  if (end.stuck) {
    const heldFor = (Date.parse(end.operation.leaseExpiresAt!) - killedAt) / 1000;
    violations.push(
      `${where}: not taken over within the ${faultSettings.leaseSeconds} s lease + ${faultSettings.takeoverSlackMs} ms: ` +
        `the dead worker's lease runs until ${end.operation.leaseExpiresAt} (${heldFor.toFixed(0)} s after the kill, ` +
        `progress ${end.operation.progress}% at the kill)`,
    );
    records.push({
      lane: lane.index,
      trial,
      delayMs,
      statusAtKill: atKill.status,
      progressAtKill: atKill.progress,
      committedBeforeKill: false,
      takeoverMs: null,
      outcome: "stuck",
    });
    return violations;
  }
  const done = end.operation;
  const retried = done.attempts > claimed.attempts;
  const takeoverMs = retried ? Date.parse(done.startedAt!) - takeoverFrom : null;
  if (retried || hashAfterKill === after) lane.restoreMs = Math.min(lane.restoreMs, runTimeMs(done));
  if (takeoverMs !== null && takeoverMs > leaseMs + faultSettings.takeoverSlackMs)
    violations.push(`${where}: taken over ${takeoverMs} ms after the kill`);
  const hashNow = await db.recordsHash(targetId);
  const state = (await db.instanceState(targetId))!.state;
  if (state !== "Ready") violations.push(`${where}: instance is ${state} after the restore ended`);
  if (done.leaseOwner !== null || done.exclusiveKey !== null) violations.push(`${where}: ended holding a lease or key`);
  if (done.status === "Succeeded") {
    if (hashNow !== after) violations.push(`${where}: Succeeded, but the target does not hold the backup's records`);
    const audit = await db.audit(`"operationId" = ? AND "outcome" = 'succeeded'`, operationId);
    if (audit.length !== 1) violations.push(`${where}: ${audit.length} succeeded audit entries`);
    lane.holds = other(lane.holds);
  } else {
    if (!done.error) violations.push(`${where}: Failed without a reason`);
    if (hashNow !== before) violations.push(`${where}: Failed, but the target's records changed`);
  }
  const tablesNow = await db.tableNames();
  if (JSON.stringify(tablesNow) !== JSON.stringify(tables))
    violations.push(`${where}: tables left behind: ${tablesNow.filter((t) => !tables.includes(t)).join(", ")}`);
  records.push({
    lane: lane.index,
    trial,
    delayMs,
    statusAtKill: atKill.status,
    progressAtKill: atKill.progress,
    committedBeforeKill: hashAfterKill === after,
    takeoverMs,
    outcome: done.status,
  });
  return violations;
}

test(
  `SIGKILL at random points of ${faultSettings.restoreKills} restores of a ${faultSettings.largeRecords}-record instance`,
  async () => {
    const laneCount = Math.min(faultSettings.restoreKillLanes, Math.max(1, faultSettings.restoreKills));
    const lanes = await Promise.all(Array.from({ length: laneCount }, (_, i) => openLane(i)));
    const records: TrialRecord[] = [];
    const violations: string[] = [];
    await Promise.all(
      lanes.map(async (lane) => {
        const trials =
          Math.floor(faultSettings.restoreKills / laneCount) +
          (lane.index < faultSettings.restoreKills % laneCount ? 1 : 0);
        for (let trial = 1; trial <= trials; trial++) {
          const found = await killTrial(lane, trial, records);
          violations.push(...found);
          // A restore that was never taken over keeps the instance Restoring: this lane can't go on.
          if (records.at(-1)?.outcome === "stuck") break;
        }
      }),
    );
    const takeovers = records.flatMap((r) => (r.takeoverMs === null ? [] : [r.takeoverMs])).sort((a, b) => a - b);
    console.log(
      `restore kills: ${records.length} trials in ${laneCount} lane(s), shortest restore ${lanes.map((l) => l.restoreMs).join("/")} ms; ` +
        `killed Running ${records.filter((r) => r.statusAtKill === "Running" && !r.committedBeforeKill).length}, after commit ` +
        `${records.filter((r) => r.committedBeforeKill).length}; outcomes ${JSON.stringify(countBy(records.map((r) => r.outcome)))}; ` +
        `take-over after the kill (ms): min ${takeovers[0]} median ${takeovers[Math.floor(takeovers.length / 2)]} max ${takeovers.at(-1)}`,
    );
    if (process.env.FAULT_VERBOSE) console.table(records);
    expect(violations).toEqual([]);
    expect(records).toHaveLength(faultSettings.restoreKills);
    for (const lane of lanes) await lane.db.close();
    // 50 restores of 200k records, each killed and finished by a take-over: the longest file by far.
  },
  30 * 60_000,
);

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
