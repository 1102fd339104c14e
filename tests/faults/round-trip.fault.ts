// Round trips: random datasets (written through Prisma, as the app writes records) are backed up
// and restored into a Sandbox that held other records; the restored rows must be exactly the
// source's, value for value, each with the same storage class (SQLite) or type (PostgreSQL). The
// seed is printed: FAULT_SEED replays a failing run.
import type { Instance } from "@prisma/client";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { entities } from "@/lib/records/entities";
import { createActor, createInstance, createTenant } from "../support/fixtures";
import { accountWithCases, randomDataset, type Dataset, type TextSupport } from "./support/datasets";
import { backUp, restore } from "./support/in-process";
import { createRandom } from "./support/prng";
import { faultSettings, seedFor } from "./support/settings";
import { fileWorld, isPostgresql, openWorldDatabase } from "./support/world";

const world = fileWorld();
const db = await openWorldDatabase(world);
const textSupport: TextSupport = { nul: !isPostgresql(world) };
let tenantId: string;
let actor: Actor;
let target: Instance;
let sources = 0;

type CreateMany = { createMany(args: { data: Record<string, unknown>[] }): Promise<unknown> };
const delegateOf = (table: string) =>
  (prisma as unknown as Record<string, CreateMany>)[table[0]!.toLowerCase() + table.slice(1)]!;

async function fill(instance: Instance, dataset: Dataset): Promise<Instance> {
  for (const { table } of entities) {
    const rows = dataset[table]!.map((row) => ({ ...row, instanceId: instance.id }));
    if (rows.length > 0) await delegateOf(table).createMany({ data: rows });
  }
  return instance;
}

const instanceHolding = async (dataset: Dataset) =>
  fill(await createInstance(tenantId, { name: `Source ${++sources}` }), dataset);

/** Backs `source` up and restores it into the target; what differs, if anything. */
async function roundTripProblems(source: Instance): Promise<string[]> {
  const backup = await backUp(actor, source);
  if (backup.status !== "Succeeded") return [`backup ${backup.status}: ${backup.failureReason}`];
  const operation = await restore(actor, backup.id, target.id);
  if (operation.status !== "Succeeded") return [`restore ${operation.status}: ${operation.error}`];
  const restored = await db.records(target.id);
  const original = await db.records(source.id);
  const problems: string[] = [];
  for (const { table } of entities) {
    const a = original[table]!;
    const b = restored[table]!;
    if (a.length !== b.length) problems.push(`${table}: ${a.length} rows, ${b.length} restored`);
    const differing = a.findIndex((row, i) => JSON.stringify(row, bigints) !== JSON.stringify(b[i], bigints));
    if (differing !== -1)
      problems.push(
        `${table} row ${differing}: ${JSON.stringify(a[differing], bigints).slice(0, 300)} restored as ${JSON.stringify(b[differing], bigints).slice(0, 300)}`,
      );
  }
  return problems;
}

const bigints = (_key: string, value: unknown) => (typeof value === "bigint" ? `${value}n` : value);

beforeAll(async () => {
  const tenant = await createTenant("Contoso");
  tenantId = tenant.id;
  actor = await createActor("admin@contoso.test", [{ role: "GlobalAdmin", tenantId }]);
  // The target starts with records of its own; each restore replaces the previous one's.
  target = await fill(
    await createInstance(tenantId, { name: "Contoso Sandbox" }),
    randomDataset(createRandom(1), 10, textSupport),
  );
});

afterAll(() => db.close());

test(`${faultSettings.roundTrips} random datasets restore to exactly the records backed up`, async () => {
  const seed = seedFor("round-trip");
  console.log(`round trips: seed ${faultSettings.seed} (this file's sequence: ${seed})`);
  const random = createRandom(seed);
  const violations: string[] = [];
  let records = 0;
  for (let i = 0; i < faultSettings.roundTrips; i++) {
    // The first is an empty instance; then sizes vary, now and then empty again.
    const dataset = randomDataset(random, i === 0 ? 0 : random.pick([0, 1, 3, 10, 25]), textSupport);
    records += Object.values(dataset).reduce((sum, rows) => sum + rows.length, 0);
    const source = await instanceHolding(dataset);
    violations.push(...(await roundTripProblems(source)).map((p) => `dataset ${i} (seed ${faultSettings.seed}): ${p}`));
  }
  console.log(`round trips: ${faultSettings.roundTrips} datasets, ${records} records`);
  expect(violations).toEqual([]);
});

test("50 support cases whose descriptions are 64 KB each (pasted logs) restore intact", async () => {
  const descriptions = Array.from({ length: 50 }, (_, i) => `log line ${i} `.repeat(8 * 1024).slice(0, 64 * 1024));
  expect(await roundTripProblems(await instanceHolding(accountWithCases(descriptions)))).toEqual([]);
});

test("a record far longer than any edit allows (a 2 MiB description) is either refused at backup or restored intact", async () => {
  const problems = await roundTripProblems(await instanceHolding(accountWithCases(["long ".repeat(419_431)])));
  // A backup that can't be restored must not be reported as a good one.
  expect(problems.filter((problem) => !problem.startsWith("backup Failed:"))).toEqual([]);
});
