// One measured phase in its own process, so its peak RSS is its own:
//   node --conditions=react-server --import tsx bench/phase.ts <phase> '<PhaseConfig JSON>'
// The orchestrator (run.ts) prepares the database beforehand and sets the environment; this
// process imports only what its phase needs, and prints one result line (resultMarker + JSON).
import { join } from "node:path";
import {
  median,
  percentile,
  resultMarker,
  startRssMonitor,
  type Baseline,
  type PhaseConfig,
  type PhaseName,
  type PhaseResult,
} from "./shared";

type Measured = Omit<PhaseResult, "phase" | "startRssMb" | "sampledPeakRssMb" | "peakRssMb">;

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The raw baseline on the database DATABASE_URL names. */
async function openBaseline(): Promise<Baseline> {
  const { databaseFilePath, databaseProvider, env } = await import("../lib/env");
  if (databaseProvider() === "postgresql") {
    const { postgresqlBaseline } = await import("./postgresql-baseline");
    return postgresqlBaseline(env().DATABASE_URL);
  }
  const { sqliteBaseline } = await import("./sqlite-baseline");
  return sqliteBaseline(databaseFilePath());
}

async function baselineBackupPhase(config: PhaseConfig): Promise<Measured> {
  const baseline = await openBaseline();
  const started = performance.now();
  const result = await baseline.backup({
    instanceId: config.sourceInstanceId,
    instanceVersion: config.instanceVersion,
    file: config.baselineFile!,
  });
  const seconds = (performance.now() - started) / 1000;
  return { records: sum(result.counts), seconds, bytes: result.bytes, sha256: result.sha256, counts: result.counts };
}

async function productBackupPhase(config: PhaseConfig): Promise<Measured> {
  const { writeSnapshot } = await import("../lib/snapshot/write-snapshot");
  const { openSnapshotDriver } = await import("../lib/snapshot/open-snapshot-driver");
  const { LocalDiskStorage } = await import("../lib/storage/local-disk-storage");
  const started = performance.now();
  const driver = openSnapshotDriver();
  try {
    const manifest = await writeSnapshot({
      driver,
      storage: new LocalDiskStorage(config.storageDir),
      key: config.productKey!,
      instance: { id: config.sourceInstanceId, version: config.instanceVersion },
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      records: sum(manifest.counts),
      seconds,
      bytes: manifest.bytes,
      rawBytes: manifest.rawBytes,
      sha256: manifest.sha256,
      counts: manifest.counts,
    };
  } finally {
    await driver.close();
  }
}

async function baselineRestorePhase(config: PhaseConfig): Promise<Measured> {
  const { statSync } = await import("node:fs");
  const baseline = await openBaseline();
  const started = performance.now();
  const counts = await baseline.restore({ instanceId: config.targetInstanceId, file: config.baselineFile! });
  const seconds = (performance.now() - started) / 1000;
  return { records: sum(counts), seconds, bytes: statSync(config.baselineFile!).size, counts };
}

async function productRestorePhase(config: PhaseConfig): Promise<Measured> {
  const { readSnapshotSections } = await import("../lib/snapshot/read-snapshot");
  const { openSnapshotDriver } = await import("../lib/snapshot/open-snapshot-driver");
  const { snapshotTables } = await import("../lib/snapshot/write-snapshot");
  const { LocalDiskStorage } = await import("../lib/storage/local-disk-storage");
  const { prisma } = await import("../lib/db");
  const manifest = config.manifest!;
  const started = performance.now();
  const storage = new LocalDiskStorage(config.storageDir);
  const driver = openSnapshotDriver();
  try {
    // The worker's path (lib/operations/run-restore.ts) minus its lookups, manifest check and
    // progress writes: stream once into the target, verify, and mark done in the same transaction.
    const reader = readSnapshotSections({
      storage,
      key: config.productKey!,
      tables: snapshotTables,
      expectedCounts: manifest.counts,
      rawBytes: manifest.rawBytes,
      bytes: manifest.bytes,
    });
    const operationId = config.operationId!;
    const counts = await driver.replaceRows({
      instanceId: config.targetInstanceId,
      stagingId: operationId,
      tables: snapshotTables,
      sections: reader.sections,
      checkpoint: async () => undefined,
      commit: async (tx) => {
        reader.checkFinal(manifest.sha256);
        const finishedAt = new Date();
        const held = await tx.operation.updateMany({
          where: { id: operationId, leaseOwner: config.leaseOwner!, status: "Running" },
          data: { status: "Succeeded", progress: 100, finishedAt, leaseOwner: null, leaseExpiresAt: null },
        });
        if (held.count !== 1) throw new Error("lease lost");
        await tx.instance.update({ where: { id: config.targetInstanceId }, data: { state: "Ready" } });
      },
    });
    await driver.reclaimSpace();
    const seconds = (performance.now() - started) / 1000;
    return { records: sum(counts), seconds, bytes: manifest.bytes, counts };
  } finally {
    await driver.close();
    await prisma.$disconnect();
  }
}

async function listPhase(config: PhaseConfig): Promise<Measured> {
  const { listBackups } = await import("../lib/backups/list-backups");
  const { prisma } = await import("../lib/db");
  const actor = config.actor!;
  const iterations = config.listIterations ?? 20;
  const listMedianMs: Record<string, number> = {};
  const started = performance.now();
  try {
    // Warm-up: the first query pays for the client's connection and query compilation.
    await listBackups({ actor, instanceId: config.sourceInstanceId, page: 1 });
    let total = 0;
    for (const page of config.listPages ?? [1]) {
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const t = performance.now();
        const result = await listBackups({ actor, instanceId: config.sourceInstanceId, page });
        times.push(performance.now() - t);
        if (result.page !== page || result.items.length === 0)
          throw new Error(`listBackups returned page ${result.page}`);
        total = result.total;
      }
      listMedianMs[`page${page}`] = median(times);
    }
    return { records: total, seconds: (performance.now() - started) / 1000, bytes: 0, listMedianMs };
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * What admins of another instance do while a restore runs, through the real services and Prisma,
 * in a process of its own as the web server would be: request a backup, edit it, list backups.
 * Runs a number of rounds, or until the restore named by `whileOperationRuns` has ended.
 */
async function otherRequestsPhase(config: PhaseConfig): Promise<Measured> {
  const { requestBackup } = await import("../lib/backups/request-backup");
  const { editBackup } = await import("../lib/backups/change-backup");
  const { findBackupFor } = await import("../lib/backups/find-backup");
  const { listBackups } = await import("../lib/backups/list-backups");
  const { prisma } = await import("../lib/db");
  const actor = config.actor!;
  const instanceId = config.otherInstanceId!;
  const times: number[] = [];
  const failures: string[] = [];
  const timed = async (what: string, request: () => Promise<unknown>) => {
    const t = performance.now();
    try {
      await request();
    } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
    times.push(performance.now() - t);
  };
  const keepGoing = async (round: number) => {
    if (config.rounds !== undefined) return round < config.rounds;
    const restore = await prisma.operation.findUnique({
      where: { id: config.whileOperationRuns! },
      select: { status: true },
    });
    return restore?.status === "Running";
  };
  const started = performance.now();
  try {
    const instance = await prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    await listBackups({ actor, instanceId }); // warm-up: connection and query compilation
    for (let round = 0; await keepGoing(round); round++) {
      let backupId: string | undefined;
      await timed("request backup", async () => {
        ({
          backup: { id: backupId },
        } = await requestBackup({ actor, instance, kind: "OnDemand", label: `Bench ${round}` }));
      });
      if (backupId)
        await timed("edit backup", async () => {
          // As the edit action does: load the backup in the actor's scope, then edit it.
          const backup = await findBackupFor({ actor, permission: "backup.edit", backupId: backupId! });
          await editBackup({ backup, label: `Bench ${round} edited`, notes: "" });
        });
      await timed("list backups", () => listBackups({ actor, instanceId }));
    }
    const latencies = {
      requests: times.length,
      failures,
      p50: percentile(times, 0.5),
      p99: percentile(times, 0.99),
      max: Math.max(0, ...times),
    };
    return { records: times.length, seconds: (performance.now() - started) / 1000, bytes: 0, latencies };
  } finally {
    await prisma.$disconnect();
  }
}

/** Times `request` (after one warm-up call) and returns its median and 95th percentile in ms. */
async function timeRepeated(iterations: number, request: () => Promise<number> | number) {
  await request();
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    rows = await request();
    times.push(performance.now() - t);
  }
  return { rows, pageMs: { median: median(times), p95: percentile(times, 0.95) } };
}

/** The plainest first page: one indexed query straight through the driver, no names resolved. */
async function baselineAuditPagePhase(config: PhaseConfig): Promise<Measured> {
  const { default: Database } = await import("better-sqlite3");
  const { databaseFilePath } = await import("../lib/env");
  const db = new Database(databaseFilePath(), { readonly: true });
  const started = performance.now();
  try {
    const page = db.prepare(
      `SELECT * FROM "AuditEntry" WHERE "scopeTenantId" = ? ORDER BY "at" DESC, "id" DESC LIMIT 51`,
    );
    const { rows, pageMs } = await timeRepeated(
      config.auditIterations ?? 20,
      () => page.all(config.auditTenantId).length,
    );
    return { records: rows, seconds: (performance.now() - started) / 1000, bytes: 0, pageMs };
  } finally {
    db.close();
  }
}

/** The Audit log's first page exactly as the page makes it: scope, query, names, through Prisma. */
async function auditPagePhase(config: PhaseConfig): Promise<Measured> {
  const { listAuditEntries } = await import("../lib/audit/list-audit-entries");
  const { prisma } = await import("../lib/db");
  const actor = config.actor!;
  const started = performance.now();
  try {
    const { rows, pageMs } = await timeRepeated(config.auditIterations ?? 20, async () => {
      const page = await listAuditEntries({ actor, filters: {} });
      if (!page.older) throw new Error("the first page has no older page");
      return page.items.length;
    });
    return { records: rows, seconds: (performance.now() - started) / 1000, bytes: 0, pageMs };
  } finally {
    await prisma.$disconnect();
  }
}

/** The plainest full export: iterate the tenant's entries through the driver into CSV lines. */
async function baselineAuditExportPhase(config: PhaseConfig): Promise<Measured> {
  const { default: Database } = await import("better-sqlite3");
  const { toCsvRow } = await import("../lib/audit/to-csv-row");
  const { createWriteStream } = await import("node:fs");
  const { databaseFilePath } = await import("../lib/env");
  const db = new Database(databaseFilePath(), { readonly: true });
  const out = createWriteStream("/dev/null");
  const started = performance.now();
  let records = 0;
  let bytes = 0;
  try {
    const rows = db
      .prepare(
        `SELECT "at", "actorEmail", "action", "outcome", "instanceName", "backupId", "detail" FROM "AuditEntry"
         WHERE "scopeTenantId" = ? ORDER BY "at" DESC, "id" DESC`,
      )
      .raw(true);
    let chunk = "";
    for (const row of rows.iterate(config.auditTenantId) as Iterable<(string | null)[]>) {
      chunk += toCsvRow(row);
      records++;
      if (chunk.length >= 64 * 1024) {
        bytes += Buffer.byteLength(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
        chunk = "";
      }
    }
    bytes += Buffer.byteLength(chunk);
    out.end(chunk);
    return { records, seconds: (performance.now() - started) / 1000, bytes };
  } finally {
    db.close();
  }
}

/** The Export CSV stream read to its end, as the route hands it to the client. */
async function auditExportPhase(config: PhaseConfig): Promise<Measured> {
  const { exportAuditCsv } = await import("../lib/audit/export-audit-csv");
  const { prisma } = await import("../lib/db");
  const started = performance.now();
  let bytes = 0;
  let records = -1; // the header line
  try {
    const reader = (await exportAuditCsv({ actor: config.actor!, filters: {} })).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const byte of value) if (byte === 10) records++;
    }
    return { records, seconds: (performance.now() - started) / 1000, bytes };
  } finally {
    await prisma.$disconnect();
  }
}

const phases: Record<PhaseName, (config: PhaseConfig) => Promise<Measured>> = {
  "baseline-audit-page": baselineAuditPagePhase,
  "audit-page": auditPagePhase,
  "baseline-audit-export": baselineAuditExportPhase,
  "audit-export": auditExportPhase,
  "other-requests": otherRequestsPhase,
  "baseline-backup": baselineBackupPhase,
  "product-backup": productBackupPhase,
  "baseline-restore": baselineRestorePhase,
  "product-restore": productRestorePhase,
  list: listPhase,
};

const [name, json] = process.argv.slice(2);
const run = phases[name as PhaseName];
if (!run || !json) throw new Error(`usage: ${join("bench", "phase.ts")} <${Object.keys(phases).join("|")}> <config>`);
const monitor = startRssMonitor();
const measured = await run(JSON.parse(json) as PhaseConfig);
const result: PhaseResult = { phase: name as PhaseName, ...measured, ...monitor.stop() };
process.stdout.write(`${resultMarker}${JSON.stringify(result)}\n`);
