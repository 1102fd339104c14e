// One snapshot format on both databases: a backup taken on SQLite restores on PostgreSQL and the
// other way round, every record identical, and the same records give the same file byte for byte
// (so the same SHA-256) whichever database they were read from. Runs in the postgresql project,
// with a SQLite database of its own beside the test's PostgreSQL one.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { prisma } from "@/lib/db";
import { databaseProvider } from "@/lib/env";
import { generateRecords } from "@/lib/demo/generate-records";
import { PostgresqlSnapshotDriver } from "@/lib/snapshot/postgresql-snapshot-driver";
import { readSnapshotSections } from "@/lib/snapshot/read-snapshot";
import type { SnapshotDriver } from "@/lib/snapshot/snapshot-driver";
import { SqliteSnapshotDriver } from "@/lib/snapshot/sqlite-snapshot-driver";
import { snapshotTables, writeSnapshot } from "@/lib/snapshot/write-snapshot";
import { LocalDiskStorage } from "@/lib/storage/local-disk-storage";

type Side = { name: string; client: PrismaClient; driver: SnapshotDriver; instanceIds: string[] };

const dir = mkdtempSync(join(tmpdir(), "backup-center-cross-"));
const storage = new LocalDiskStorage(join(dir, "backups"));
let sqlite: Side;
let postgresql: Side;

// Text every encoding step must carry unchanged: quotes, backslashes, COPY's own tab and newline
// escapes, control characters JSON escapes short or as \u00XX (\v: short in COPY, not in JSON),
// DEL and the line separators JSON leaves alone, emoji beyond the BMP, right-to-left and combining marks.
const awkwardText =
  'Zoë "quoted" \\N back\\slash\ttab\nnew line\r\u0001\b\f\u000b\u001f\u007f\u2028/ 🚀 中文 שלום e\u0301 ';
const extremeDates = [new Date("1970-01-01T00:00:00.000Z"), new Date("9999-12-31T23:59:59.999Z")];

function awkwardAccounts(instanceId: string) {
  return [
    { id: 1, name: awkwardText, employees: 2 ** 31 - 1, annualRevenue: -(2 ** 31), at: extremeDates[0]! },
    { id: 2, name: "", employees: 0, annualRevenue: 0, at: extremeDates[1]! },
    { id: 3, name: "\\", employees: -1, annualRevenue: 1, at: new Date("2024-02-29T12:34:56.789Z") },
    // PostgreSQL's text drops a fraction's trailing zeros; the snapshot keeps three digits.
    { id: 4, name: '"', employees: 7, annualRevenue: 7, at: new Date("2000-01-02T03:04:05.780Z") },
    { id: 5, name: "\\t", employees: 8, annualRevenue: 8, at: new Date("2000-01-02T03:04:05.100Z") },
  ].map(({ at, ...account }) => ({
    ...account,
    instanceId,
    accountNumber: awkwardText.slice(0, 12),
    industry: "Retail",
    phone: "+1 555 0100",
    website: "https://example.test/?a=1&b=\\2",
    city: "Lisbon",
    country: "Portugal",
    createdAt: at,
    modifiedAt: at,
  }));
}

async function seed(client: PrismaClient, instanceId: string, seedNumber: number) {
  const byTable: Record<string, object[]> = { Account: [], Contact: [], Opportunity: [], SupportCase: [] };
  for (const { table, row } of generateRecords({ seed: seedNumber, accounts: 20 })) {
    byTable[table]!.push({ ...row, instanceId });
  }
  // Five awkward accounts after the generated ones, and contacts with no account (NULL).
  const next = (byTable.Account!.length as number) + 1;
  const awkward = awkwardAccounts(instanceId).map((account, i) => ({ ...account, id: next + i }));
  await client.account.createMany({ data: [...(byTable.Account as never[]), ...awkward] });
  await client.contact.createMany({ data: byTable.Contact as never });
  await client.contact.updateMany({ where: { instanceId, id: { lte: 3 } }, data: { accountId: null } });
  await client.opportunity.createMany({ data: byTable.Opportunity as never });
  await client.supportCase.createMany({ data: byTable.SupportCase as never });
}

async function addInstances(client: PrismaClient, count: number): Promise<string[]> {
  const tenant = await client.tenant.create({ data: { name: "Cross" } });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const instance = await client.instance.create({
      data: {
        tenantId: tenant.id,
        name: `Cross ${i}`,
        domain: `cross-${i}.test`,
        type: "Sandbox",
        version: "9.2.24",
        region: "Europe",
      },
    });
    ids.push(instance.id);
  }
  return ids;
}

/** Every record of an instance as Prisma reads it, without the instance id. */
async function recordsOf(client: PrismaClient, instanceId: string) {
  const query = { where: { instanceId }, orderBy: { id: "asc" as const }, omit: { instanceId: true as const } };
  return {
    Account: await client.account.findMany(query),
    Contact: await client.contact.findMany(query),
    Opportunity: await client.opportunity.findMany(query),
    SupportCase: await client.supportCase.findMany(query),
  };
}

async function backUp(from: Side, instanceId: string, key: string) {
  return writeSnapshot({ driver: from.driver, storage, key, instance: { id: instanceId, version: "9.2.24" } });
}

async function restore(manifest: Awaited<ReturnType<typeof backUp>>, key: string, into: Side, instanceId: string) {
  const reader = readSnapshotSections({
    storage,
    key,
    tables: snapshotTables,
    expectedCounts: manifest.counts,
    rawBytes: manifest.rawBytes ?? null,
    bytes: manifest.bytes,
  });
  await into.driver.replaceRows({
    instanceId,
    stagingId: key.replace(/\W/g, "").toLowerCase(),
    tables: snapshotTables,
    sections: reader.sections,
    checkpoint: async () => {},
    commit: async () => reader.checkFinal(manifest.sha256),
  });
}

describe.runIf(databaseProvider() === "postgresql")("snapshots between SQLite and PostgreSQL", () => {
  beforeAll(async () => {
    const file = join(dir, "cross.db");
    const migrated = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${file}`, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
    });
    expect(migrated.status, migrated.stderr).toBe(0);
    const sqliteClient = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file }) });
    sqlite = {
      name: "SQLite",
      client: sqliteClient,
      driver: new SqliteSnapshotDriver(file, sqliteClient),
      instanceIds: await addInstances(sqliteClient, 2),
    };
    postgresql = {
      name: "PostgreSQL",
      client: prisma,
      driver: new PostgresqlSnapshotDriver(process.env.DATABASE_URL!),
      instanceIds: await addInstances(prisma, 2),
    };
    await seed(sqlite.client, sqlite.instanceIds[0]!, 7);
    await seed(postgresql.client, postgresql.instanceIds[0]!, 8);
  });

  afterAll(async () => {
    await sqlite?.driver.close();
    await postgresql?.driver.close();
    await sqlite?.client.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ["SQLite", "PostgreSQL"],
    ["PostgreSQL", "SQLite"],
  ])("a backup taken on %s restores on %s with every record identical", async (fromName, intoName) => {
    const [from, into] = fromName === "SQLite" ? [sqlite, postgresql] : [postgresql, sqlite];
    const [source] = from.instanceIds;
    const [, target] = into.instanceIds;
    const key = `cross-${fromName}-${intoName}`;
    const manifest = await backUp(from, source!, key);
    expect(Object.values(manifest.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(50);

    await restore(manifest, key, into, target!);
    const restored = await recordsOf(into.client, target!);
    expect(restored).toEqual(await recordsOf(from.client, source!));
    expect(restored.Account.find((a) => a.name === awkwardText)).toMatchObject({
      employees: 2 ** 31 - 1,
      annualRevenue: -(2 ** 31),
      createdAt: extremeDates[0],
    });
    expect(restored.Contact.filter((c) => c.accountId === null).length).toBeGreaterThanOrEqual(3);

    // Backed up again from where it landed: the same bytes, so the same checksum.
    const again = await backUp(into, target!, `${key}-again`);
    expect(again.sha256).toBe(manifest.sha256);
    expect(again.rawBytes).toBe(manifest.rawBytes);
  });
});
