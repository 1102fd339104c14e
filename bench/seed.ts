// Bench data, written straight through better-sqlite3: one tenant, a source instance holding the
// generated records, an empty restore target, and Backup rows for the list query.
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { generateRecords, recordsPerAccount } from "../lib/demo/generate-records";
import { benchTables, quote, toSqliteDateTime } from "./shared";

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

/** Creates tenant, user and the three instances, then the source's records in one transaction. */
export function seedRecords(db: Database.Database, options: { records: number; seed: number }) {
  const now = toSqliteDateTime(new Date());
  db.prepare(`INSERT INTO "Tenant" ("id", "name", "createdAt") VALUES (?, ?, ?)`).run(
    benchIds.tenantId,
    "Bench tenant",
    now,
  );
  db.prepare(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "createdAt") VALUES (?, ?, ?, ?, ?)`).run(
    benchIds.userId,
    benchUser.email,
    benchUser.name,
    "not-a-password-hash",
    now,
  );
  const instance = db.prepare(
    `INSERT INTO "Instance" ("id", "tenantId", "name", "domain", "type", "version", "state", "region", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, 'Ready', 'Europe', ?)`,
  );
  instance.run(
    benchIds.sourceInstanceId,
    benchIds.tenantId,
    "Bench source",
    "bench-source.crm.example",
    "Production",
    benchIds.instanceVersion,
    now,
  );
  instance.run(
    benchIds.targetInstanceId,
    benchIds.tenantId,
    "Bench target",
    "bench-target.crm.example",
    "Sandbox",
    benchIds.instanceVersion,
    now,
  );
  instance.run(
    benchIds.otherInstanceId,
    benchIds.tenantId,
    "Bench other",
    "bench-other.crm.example",
    "Production",
    benchIds.instanceVersion,
    now,
  );

  const inserts = new Map(
    benchTables.map((spec) => [
      spec.table,
      {
        columns: spec.columns,
        statement: db.prepare(
          `INSERT INTO ${quote(spec.table)} ("instanceId", ${spec.columns.map(quote).join(", ")}) VALUES (?${", ?".repeat(spec.columns.length)})`,
        ),
      },
    ]),
  );
  const accounts = Math.round(options.records / recordsPerAccount);
  const counts: Record<string, number> = Object.fromEntries(benchTables.map((t) => [t.table, 0]));
  db.transaction(() => {
    for (const record of generateRecords({ seed: options.seed, accounts })) {
      const insert = inserts.get(record.table)!;
      const row = record.row as Record<string, unknown>;
      const values = insert.columns.map((column) => {
        const value = row[column];
        return value instanceof Date ? toSqliteDateTime(value) : (value ?? null);
      });
      insert.statement.run(benchIds.sourceInstanceId, ...values);
      counts[record.table]!++;
    }
  })();
  return { accounts, counts, records: Object.values(counts).reduce((a, b) => a + b, 0) };
}

/** `count` Backup rows on one instance, one every 15 minutes back from now, none expired. */
export function seedBackupRows(db: Database.Database, options: { instanceId: string; count: number }) {
  const insert = db.prepare(
    `INSERT INTO "Backup" ("id", "instanceId", "kind", "label", "notes", "createdById", "createdAt", "expiresAt",
       "status", "progress", "instanceVersion", "sizeBytes", "sha256", "storageKey", "formatVersion", "codec",
       "recordCounts", "completedAt")
     VALUES (?, ?, ?, ?, '', ?, ?, ?, 'Succeeded', 100, ?, ?, ?, ?, 1, 'ndjson+gzip-1', ?, ?)`,
  );
  const now = Date.now();
  const recordCounts = JSON.stringify({ Account: 33333, Contact: 99999, Opportunity: 49999, SupportCase: 66666 });
  db.transaction(() => {
    for (let i = 0; i < options.count; i++) {
      const id = `bench-backup-${String(i).padStart(6, "0")}`;
      const system = i % 4 === 0;
      const createdAt = new Date(now - i * 15 * 60_000);
      insert.run(
        id,
        options.instanceId,
        system ? "System" : "OnDemand",
        system ? "System backup" : `On-demand backup ${i}`,
        system ? null : benchIds.userId,
        toSqliteDateTime(createdAt),
        toSqliteDateTime(new Date(now + 30 * 86_400_000 + i * 1000)),
        benchIds.instanceVersion,
        30_000_000 + i,
        "0".repeat(64),
        `${options.instanceId}/${id}.ndjson.gz`,
        recordCounts,
        toSqliteDateTime(new Date(createdAt.getTime() + 60_000)),
      );
    }
  })();
}

/** Empties an instance's records (children first), outside any timed section. */
export function clearInstance(db: Database.Database, instanceId: string) {
  db.transaction(() => {
    for (const { table } of [...benchTables].reverse()) {
      db.prepare(`DELETE FROM ${quote(table)} WHERE "instanceId" = ?`).run(instanceId);
    }
  })();
}

/** A Restore operation leased by `leaseOwner`, as the worker holds it when the restore commits. */
export function insertRestoreOperation(db: Database.Database, options: { instanceId: string; leaseOwner: string }) {
  // Operation ids name staging tables, so they are lowercase letters and digits like cuids.
  const id = `benchop${randomUUID().replaceAll("-", "")}`;
  const now = new Date();
  db.prepare(
    `INSERT INTO "Operation" ("id", "type", "status", "instanceId", "leaseOwner", "leaseExpiresAt", "attempts",
       "progress", "createdAt", "startedAt")
     VALUES (?, 'Restore', 'Running', ?, ?, ?, 1, 30, ?, ?)`,
  ).run(
    id,
    options.instanceId,
    options.leaseOwner,
    toSqliteDateTime(new Date(now.getTime() + 3_600_000)),
    toSqliteDateTime(now),
    toSqliteDateTime(now),
  );
  db.prepare(`UPDATE "Instance" SET "state" = 'Restoring' WHERE "id" = ?`).run(options.instanceId);
  return id;
}

/** Moves the WAL back into the database file so every phase starts from the same state. */
export function checkpoint(db: Database.Database) {
  db.pragma("wal_checkpoint(TRUNCATE)");
}

/** True when two instances hold exactly the same records (every column but instanceId). */
export function sameRecords(db: Database.Database, a: string, b: string): boolean {
  return benchTables.every(({ table, columns }) => {
    const cols = columns.map(quote).join(", ");
    const count = (id: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${quote(table)} WHERE "instanceId" = ?`).get(id) as { n: number }).n;
    const missing = (x: string, y: string) =>
      (
        db
          .prepare(
            `SELECT COUNT(*) AS n FROM (SELECT ${cols} FROM ${quote(table)} WHERE "instanceId" = ?
               EXCEPT SELECT ${cols} FROM ${quote(table)} WHERE "instanceId" = ?)`,
          )
          .get(x, y) as { n: number }
      ).n;
    return count(a) === count(b) && missing(a, b) === 0;
  });
}

/** A second tenant whose entries share the audit table: the scoped query must skip them. */
export const benchElsewhere = { tenantId: "bench-elsewhere", instanceId: "bench-elsewhere-prod" } as const;

/**
 * `count` audit entries, one every 2 seconds back from now: four in five on the bench tenant's
 * instances (by the bench user or System, every outcome, some naming a backup), one in five on
 * another tenant's instance. Owners and names are set as recordAudit sets them.
 */
export function seedAuditEntries(db: Database.Database, options: { count: number }) {
  const now = toSqliteDateTime(new Date());
  db.prepare(`INSERT INTO "Tenant" ("id", "name", "createdAt") VALUES (?, ?, ?)`).run(
    benchElsewhere.tenantId,
    "Bench elsewhere",
    now,
  );
  db.prepare(
    `INSERT INTO "Instance" ("id", "tenantId", "name", "domain", "type", "version", "state", "region", "createdAt")
     VALUES (?, ?, 'Elsewhere Production', 'bench-elsewhere.crm.example', 'Production', ?, 'Ready', 'Europe', ?)`,
  ).run(benchElsewhere.instanceId, benchElsewhere.tenantId, benchIds.instanceVersion, now);
  const insert = db.prepare(
    `INSERT INTO "AuditEntry" ("id", "at", "actorId", "actorEmail", "action", "outcome", "instanceId", "backupId",
       "detail", "scopeTenantId", "instanceName")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
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
  db.transaction(() => {
    for (let i = 0; i < options.count; i++) {
      const instance = instances[i % instances.length]!;
      const system = i % 3 === 0;
      insert.run(
        `ba${String(i).padStart(9, "0")}`,
        toSqliteDateTime(new Date(start - i * 2000)),
        system ? null : benchIds.userId,
        system ? "System" : benchUser.email,
        actions[i % actions.length],
        outcomes[i % outcomes.length],
        instance.id,
        i % 7 === 0 ? `bench-backup-${String(i % 10_000).padStart(6, "0")}` : null,
        `Bench entry ${i}: "quoted", with a comma`,
        instance.tenantId,
        instance.name,
      );
    }
  })();
}
