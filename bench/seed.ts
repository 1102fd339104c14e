// Bench data, written straight into the bench database (bench-database.ts) on either engine: one
// tenant, a source instance holding the generated records, an empty restore target, an instance
// other admins work on, Backup rows for the list query, and audit entries.
import { randomUUID } from "node:crypto";
import { generateRecords, recordsPerAccount } from "../lib/demo/generate-records";
import { quoteIdentifier } from "../lib/sql/quote-identifier";
import { quoteColumnList } from "../lib/sql/quote-column-list";
import type { BenchDatabase, Row } from "./bench-database";
import { benchTables } from "./shared";

export const benchIds = {
  tenantId: "bench-tenant",
  userId: "bench-user",
  sourceInstanceId: "bench-source",
  targetInstanceId: "bench-target",
  /** An instance admins keep working on while the target is restored. */
  otherInstanceId: "bench-other",
  instanceVersion: "9.2.24",
} as const;

export const benchUser = { email: "bench@contoso.example", name: "Bench Admin" };

const instanceColumns = ["id", "tenantId", "name", "domain", "type", "version", "state", "region", "createdAt"];

/** Creates the tenant, the user and the three instances, none of them holding records yet. */
export async function seedTenant(db: BenchDatabase) {
  const now = new Date();
  await db.insertRows("Tenant", ["id", "name", "createdAt"], [[benchIds.tenantId, "Bench tenant", now]]);
  await db.insertRows(
    "User",
    ["id", "email", "name", "passwordHash", "createdAt"],
    [[benchIds.userId, benchUser.email, benchUser.name, "not-a-password-hash", now]],
  );
  const instance = (id: string, name: string, type: string): Row => [
    id,
    benchIds.tenantId,
    name,
    `${id}.crm.example`,
    type,
    benchIds.instanceVersion,
    "Ready",
    "Europe",
    now,
  ];
  await db.insertRows("Instance", instanceColumns, [
    instance(benchIds.sourceInstanceId, "Bench source", "Production"),
    instance(benchIds.targetInstanceId, "Bench target", "Sandbox"),
    instance(benchIds.otherInstanceId, "Bench other", "Production"),
  ]);
}

/** About `records` generated records (whole accounts with their children) into one instance. */
export async function seedRecords(db: BenchDatabase, options: { instanceId: string; records: number; seed: number }) {
  const accounts = Math.round(options.records / recordsPerAccount);
  const generated = generateRecords({ seed: options.seed, accounts })[Symbol.iterator]();
  const counts: Record<string, number> = {};
  // generateRecords yields every row of one table before the next table's (parents first), so each
  // table is written as one stream of rows: one transaction on SQLite, one COPY on PostgreSQL.
  let next = generated.next();
  while (!next.done) {
    const { table } = next.value;
    if (table in counts) throw new Error(`generateRecords returned to ${table} after another table`);
    const { columns } = benchTables.find((spec) => spec.table === table)!;
    const tableRows = function* (): Generator<Row> {
      while (!next.done && next.value.table === table) {
        const row = next.value.row as Record<string, unknown>;
        yield [options.instanceId, ...columns.map((column) => row[column])];
        next = generated.next();
      }
    };
    counts[table] = await db.insertRows(table, ["instanceId", ...columns], tableRows());
  }
  return { accounts, counts, records: Object.values(counts).reduce((a, b) => a + b, 0) };
}

/** `count` Backup rows on one instance, one every 15 minutes back from now, none expired. */
export async function seedBackupRows(db: BenchDatabase, options: { instanceId: string; count: number }) {
  const columns = [
    "id",
    "instanceId",
    "kind",
    "label",
    "notes",
    "createdById",
    "createdAt",
    "expiresAt",
    "status",
    "progress",
    "instanceVersion",
    "sizeBytes",
    "sha256",
    "storageKey",
    "formatVersion",
    "codec",
    "recordCounts",
    "completedAt",
  ];
  const now = Date.now();
  const recordCounts = JSON.stringify({ Account: 33333, Contact: 99999, Opportunity: 49999, SupportCase: 66666 });
  function* rows(): Generator<Row> {
    for (let i = 0; i < options.count; i++) {
      const id = `bench-backup-${String(i).padStart(6, "0")}`;
      const system = i % 4 === 0;
      const createdAt = new Date(now - i * 15 * 60_000);
      yield [
        id,
        options.instanceId,
        system ? "System" : "OnDemand",
        system ? "System backup" : `On-demand backup ${i}`,
        "",
        system ? null : benchIds.userId,
        createdAt,
        new Date(now + 30 * 86_400_000 + i * 1000),
        "Succeeded",
        100,
        benchIds.instanceVersion,
        30_000_000 + i,
        "0".repeat(64),
        `${options.instanceId}/${id}.ndjson.gz`,
        1,
        "ndjson+gzip-1",
        recordCounts,
        new Date(createdAt.getTime() + 60_000),
      ];
    }
  }
  await db.insertRows("Backup", columns, rows());
}

/** Empties an instance's records (children first), outside any timed section. */
export async function clearInstance(db: BenchDatabase, instanceId: string) {
  for (const { table } of [...benchTables].reverse()) {
    await db.run(`DELETE FROM ${quoteIdentifier(table)} WHERE "instanceId" = ?`, [instanceId]);
  }
}

/** A Restore operation leased by `leaseOwner`, as the worker holds it when the restore commits. */
export async function insertRestoreOperation(db: BenchDatabase, options: { instanceId: string; leaseOwner: string }) {
  // Operation ids name staging tables, so they are lowercase letters and digits like cuids.
  const id = `benchop${randomUUID().replaceAll("-", "")}`;
  const now = new Date();
  await db.insertRows(
    "Operation",
    [
      "id",
      "type",
      "status",
      "instanceId",
      "leaseOwner",
      "leaseExpiresAt",
      "attempts",
      "progress",
      "createdAt",
      "startedAt",
    ],
    [
      [
        id,
        "Restore",
        "Running",
        options.instanceId,
        options.leaseOwner,
        new Date(now.getTime() + 3_600_000),
        1,
        30,
        now,
        now,
      ],
    ],
  );
  await db.run(`UPDATE "Instance" SET "state" = 'Restoring' WHERE "id" = ?`, [options.instanceId]);
  return id;
}

export async function operationStatus(db: BenchDatabase, operationId: string): Promise<string | undefined> {
  const [operation] = await db.query<{ status: string }>(`SELECT "status" FROM "Operation" WHERE "id" = ?`, [
    operationId,
  ]);
  return operation?.status;
}

/** True when two instances hold exactly the same records (every column but instanceId). */
export async function sameRecords(db: BenchDatabase, a: string, b: string): Promise<boolean> {
  // COUNT comes back as a number from SQLite and as a bigint's text from PostgreSQL.
  const count = async (sql: string, params: string[]) =>
    Number((await db.query<{ n: number | string }>(sql, params))[0]!.n);
  for (const { table, columns } of benchTables) {
    const cols = quoteColumnList(columns);
    const rows = `SELECT COUNT(*) AS n FROM ${quoteIdentifier(table)} WHERE "instanceId" = ?`;
    const missing = `SELECT COUNT(*) AS n FROM (SELECT ${cols} FROM ${quoteIdentifier(table)} WHERE "instanceId" = ?
       EXCEPT SELECT ${cols} FROM ${quoteIdentifier(table)} WHERE "instanceId" = ?) AS "missing"`;
    if ((await count(rows, [a])) !== (await count(rows, [b]))) return false;
    if ((await count(missing, [a, b])) !== 0) return false;
  }
  return true;
}

/** A second tenant whose entries share the audit table: the scoped query must skip them. */
export const benchElsewhere = { tenantId: "bench-elsewhere", instanceId: "bench-elsewhere-prod" } as const;

/**
 * `count` audit entries, one every 2 seconds back from now: four in five on the bench tenant's
 * instances (by the bench user or System, every outcome, some naming a backup), one in five on
 * another tenant's instance. Owners and names are set as recordAudit sets them.
 */
export async function seedAuditEntries(db: BenchDatabase, options: { count: number }) {
  const now = new Date();
  await db.insertRows("Tenant", ["id", "name", "createdAt"], [[benchElsewhere.tenantId, "Bench elsewhere", now]]);
  await db.insertRows("Instance", instanceColumns, [
    [
      benchElsewhere.instanceId,
      benchElsewhere.tenantId,
      "Elsewhere Production",
      "bench-elsewhere.crm.example",
      "Production",
      benchIds.instanceVersion,
      "Ready",
      "Europe",
      now,
    ],
  ]);
  const instances = [
    { id: benchIds.sourceInstanceId, tenantId: benchIds.tenantId, name: "Bench source" },
    { id: benchIds.targetInstanceId, tenantId: benchIds.tenantId, name: "Bench target" },
    { id: benchIds.otherInstanceId, tenantId: benchIds.tenantId, name: "Bench other" },
    { id: benchIds.otherInstanceId, tenantId: benchIds.tenantId, name: "Bench other" },
    { id: benchElsewhere.instanceId, tenantId: benchElsewhere.tenantId, name: "Elsewhere Production" },
  ];
  const actions = ["backup.create", "backup.edit", "backup.restore", "instance.update", "record.update"];
  const outcomes = ["accepted", "succeeded", "denied", "failed"];
  const start = Date.now();
  function* rows(): Generator<Row> {
    for (let i = 0; i < options.count; i++) {
      const instance = instances[i % instances.length]!;
      const system = i % 3 === 0;
      yield [
        `ba${String(i).padStart(9, "0")}`,
        new Date(start - i * 2000),
        system ? null : benchIds.userId,
        system ? "System" : benchUser.email,
        actions[i % actions.length],
        outcomes[i % outcomes.length],
        instance.id,
        i % 7 === 0 ? `bench-backup-${String(i % 10_000).padStart(6, "0")}` : null,
        `Bench entry ${i}: "quoted", with a comma`,
        instance.tenantId,
        instance.name,
      ];
    }
  }
  await db.insertRows(
    "AuditEntry",
    [
      "id",
      "at",
      "actorId",
      "actorEmail",
      "action",
      "outcome",
      "instanceId",
      "backupId",
      "detail",
      "scopeTenantId",
      "instanceName",
    ],
    rows(),
  );
}
