// Backup/restore throughput bench: the product's snapshot engine against a plain baseline on the
// same stack, the backup list query, and other instances' requests during a restore.
// `npm run bench` (SQLite, 250k records) or `npm run bench -- --db postgres` (a throwaway
// PostgreSQL cluster, 250k and 1M records). Options: --records N[,N…] (sizes measured one after
// another; --large is 1,000,000), --seed N, --runs N (best of), --backups N (Backup rows for the
// list), --keep (the bench directory).
// On PostgreSQL the peer, pg_dump -Fc -Z 1 and pg_restore --data-only of the same rows, is
// measured beside the baseline. Other instances' requests are measured while the largest size
// restores. The Audit log phase (first page, full CSV export over --audit-entries, default
// 1,000,000) runs last, on SQLite only; `--only audit` runs it alone.
// Every measured phase runs in its own child process (bench/phase.ts), so each reports its own
// peak RSS (the app's process; PostgreSQL's server is not counted), untouched by data generation
// or the other phases. The last output line is JSON; with several sizes its top-level fields are
// the largest size's, and `sizes` holds every size's.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchDatabase } from "./bench-database";
import { parseOptions } from "./options";
import { benchDatabaseName, startPostgresqlBenchDatabase } from "./postgresql-bench-database";
import { createPostgresqlPeer, type PeerResult, type PostgresqlPeer } from "./postgresql-peer";
import { runPhase, stopPhases } from "./run-phase";
import {
  benchIds,
  benchUser,
  clearInstance,
  insertRestoreOperation,
  operationStatus,
  sameRecords,
  seedAuditEntries,
  seedBackupRows,
  seedRecords,
  seedTenant,
} from "./seed";
import type { PhaseConfig, PhaseName, PhaseResult, RssReport } from "./shared";
import { sqliteBenchDatabase } from "./sqlite-bench-database";
import {
  fixed,
  mib,
  peakRssGrowth,
  round,
  summarizeSize,
  type SizeResults,
  type SizeSummary,
  type Timing,
} from "./summary";

const options = parseOptions(process.argv.slice(2));
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root); // prisma migrate deploy runs from the project root

// Settings first: lib modules read them (once) when first used, so they are imported only below.
const dir = mkdtempSync(join(tmpdir(), "backup-center-bench-"));
const storageDir = join(dir, "backups");
const baselineDir = join(dir, "baseline");
mkdirSync(storageDir, { recursive: true });
mkdirSync(baselineDir, { recursive: true });
process.env.DATA_DIR = dir;
process.env.BACKUP_STORAGE_DIR = storageDir;
process.env.DEMO_DATA = "off";

let database: BenchDatabase | undefined;

async function cleanup() {
  stopPhases();
  await database?.close().catch((error: unknown) => console.error("closing the bench database failed", error));
  database = undefined;
  if (!options.keep) rmSync(dir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

/** One run's line; `rss` for a phase, which ran in a process of its own (pg_dump and pg_restore did not). */
const report = (name: string, r: Timing, run: number, rss?: RssReport) =>
  console.log(
    `  ${name.padEnd(17)} run ${run + 1}: ${String(r.records).padStart(8)} records ${fixed(r.seconds, 2).padStart(7)} s ` +
      `${fixed(r.records / r.seconds, 0).padStart(8)} rec/s ${fixed(mib(r.bytes) / r.seconds, 1).padStart(6)} MB/s` +
      (rss
        ? ` peak RSS ${fixed(rss.peakRssMb, 0)} MB (start ${fixed(rss.startRssMb, 0)}, sampled ${fixed(rss.sampledPeakRssMb, 0)})`
        : ""),
  );

const loadAverage = () =>
  loadavg()
    .map((l) => fixed(l, 2))
    .join(" ");

/** Runs alternate which side goes first, so neither always meets a warmer cache. */
const inRunOrder = <T>(steps: readonly T[], run: number) => (run % 2 ? [...steps].reverse() : steps);

const actor = {
  userId: benchIds.userId,
  email: benchUser.email,
  name: benchUser.name,
  assignments: [{ role: "GlobalAdmin", tenantId: benchIds.tenantId, instanceId: null }],
};

const base: PhaseConfig = {
  storageDir,
  sourceInstanceId: benchIds.sourceInstanceId,
  targetInstanceId: benchIds.targetInstanceId,
  instanceVersion: benchIds.instanceVersion,
};

/**
 * One size: the source reseeded with `records`, then its backups (baseline, product, pg_dump) and
 * restores into the emptied target (baseline, product, pg_restore). Returns the summary and the
 * config that restores the size's last product backup.
 */
async function measureSize(db: BenchDatabase, peer: PostgresqlPeer | undefined, records: number) {
  const seeding = performance.now();
  await clearInstance(db, benchIds.sourceInstanceId);
  await clearInstance(db, benchIds.targetInstanceId); // the table-wide pg_dump must see the source's rows only
  const generated = await seedRecords(db, { instanceId: benchIds.sourceInstanceId, records, seed: options.seed });
  await db.settle();
  console.log(
    `${generated.records} records (${Object.entries(generated.counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(", ")}) seeded in ${fixed((performance.now() - seeding) / 1000, 1)} s; load average ${loadAverage()}`,
  );
  const phases: SizeResults["phases"] = {
    "baseline-backup": [],
    "product-backup": [],
    "baseline-restore": [],
    "product-restore": [],
  };
  const pgDump: PeerResult[] = [];
  const pgRestore: PeerResult[] = [];
  const files = (run: number) => ({
    baselineFile: join(baselineDir, `${records}-run-${run}.gz`),
    productKey: `${benchIds.sourceInstanceId}/${records}-run-${run}.ndjson.gz`,
  });

  console.log("Backup:");
  const backupSteps: ("baseline-backup" | "product-backup" | "pg_dump")[] = ["baseline-backup", "product-backup"];
  if (peer) backupSteps.push("pg_dump");
  for (let run = 0; run < options.runs; run++) {
    for (const step of inRunOrder(backupSteps, run)) {
      await db.settle();
      if (step === "pg_dump") {
        const dumped = await peer!.dump();
        // The tables hold the source's rows only; pg_restore counts them back below.
        const result = { ...dumped, records: generated.records };
        pgDump.push(result);
        report(step, result, run);
        continue;
      }
      const result = await runPhase(step, { ...base, ...files(run) });
      phases[step].push(result);
      report(step, result, run, result);
    }
  }
  const lastProduct = phases["product-backup"].at(-1)!;
  // Only SQLite's baseline writes the product's format; PostgreSQL's writes COPY text.
  const sameFile = db.engine === "sqlite" ? phases["baseline-backup"].at(-1)!.sha256 === lastProduct.sha256 : undefined;
  if (sameFile !== undefined) console.log(`  baseline and product files identical (SHA-256): ${sameFile}`);

  // Restores into the target instance, emptied (untimed) before each run so every run does the same work.
  console.log("Restore:");
  const restoreFrom: PhaseConfig = {
    ...base,
    ...files(options.runs - 1),
    manifest: {
      sha256: lastProduct.sha256!,
      bytes: lastProduct.bytes,
      rawBytes: lastProduct.rawBytes ?? null,
      counts: lastProduct.counts!,
    },
    leaseOwner: "bench",
  };
  const verified: Record<string, boolean> = {};
  const restoreSteps: ("baseline-restore" | "product-restore" | "pg_restore")[] = [
    "baseline-restore",
    "product-restore",
  ];
  if (peer) restoreSteps.push("pg_restore");
  for (let run = 0; run < options.runs; run++) {
    for (const step of inRunOrder(restoreSteps, run)) {
      if (step === "pg_restore") {
        await db.settle();
        const result = await peer!.restore();
        if (result.records !== generated.records)
          throw new Error(`pg_restore restored ${result.records} records, the source holds ${generated.records}`);
        pgRestore.push(result);
        report(step, result, run);
        continue;
      }
      await clearInstance(db, benchIds.targetInstanceId);
      const operationId =
        step === "product-restore"
          ? await insertRestoreOperation(db, { instanceId: benchIds.targetInstanceId, leaseOwner: "bench" })
          : undefined;
      await db.settle();
      const result = await runPhase(step, { ...restoreFrom, operationId });
      phases[step].push(result);
      report(step, result, run, result);
      if (operationId) {
        const status = await operationStatus(db, operationId);
        if (status !== "Succeeded") throw new Error(`restore operation ended ${status}`);
      }
      if (run === 0) {
        verified[step] = await sameRecords(db, benchIds.sourceInstanceId, benchIds.targetInstanceId);
        if (!verified[step]) throw new Error(`${step}: the target's records differ from the source's`);
      }
    }
  }
  console.log(`  restored records identical to the source: ${JSON.stringify(verified)}`);
  const summary = summarizeSize({
    engine: db.engine,
    runs: options.runs,
    phases,
    pgDump,
    pgRestore,
    sameFile,
    restoreVerified: Object.values(verified).every(Boolean),
  });
  return { summary, restoreFrom };
}

/**
 * Another instance's admins at work (request, edit, list backups) in a process of their own, as
 * the web server is: first with nothing else running, then while the target restores.
 */
async function measureOtherRequests(db: BenchDatabase, restoreFrom: PhaseConfig) {
  console.log("Other instances' requests:");
  const requestsConfig: PhaseConfig = { ...base, actor, otherInstanceId: benchIds.otherInstanceId };
  await db.settle();
  const idle = (await runPhase("other-requests", { ...requestsConfig, rounds: 100 })).latencies!;
  await clearInstance(db, benchIds.targetInstanceId);
  const contendedRestore = await insertRestoreOperation(db, {
    instanceId: benchIds.targetInstanceId,
    leaseOwner: "bench",
  });
  await db.settle();
  const [duringResult, restoreResult] = await Promise.all([
    runPhase("other-requests", { ...requestsConfig, whileOperationRuns: contendedRestore }),
    runPhase("product-restore", { ...restoreFrom, operationId: contendedRestore }),
  ]);
  const during = duringResult.latencies!;
  const describe = (l: typeof idle) =>
    `${l.requests} requests, ${l.failures.length} failed; p50 ${fixed(l.p50, 1)} ms, p99 ${fixed(l.p99, 1)} ms, max ${fixed(l.max, 1)} ms`;
  console.log(`  idle:                 ${describe(idle)}`);
  console.log(
    `  during a restore:     ${describe(during)} (restore of ${restoreResult.records} records, ${fixed(restoreResult.seconds, 1)} s, ` +
      `peak RSS ${fixed(restoreResult.peakRssMb, 0)} MB)`,
  );
  for (const failure of during.failures.slice(0, 5)) console.log(`    failed: ${failure}`);
  return {
    otherRequestsDuringRestore: during.requests,
    otherRequestsFailed: during.failures.length,
    otherRequestsIdleP50Ms: round(idle.p50),
    otherRequestsIdleP99Ms: round(idle.p99),
    otherRequestsIdleMaxMs: round(idle.max),
    otherRequestsP50Ms: round(during.p50),
    otherRequestsP99Ms: round(during.p99),
    otherRequestsMaxMs: round(during.max),
    otherRequestsP99Ratio: round(during.p99 / idle.p99, 2),
    otherRequestsRestoreRecords: restoreResult.records,
    otherRequestsRestoreSeconds: round(restoreResult.seconds, 1),
  };
}

/** The backup list query through the real lib function and Prisma. */
async function measureBackupList() {
  console.log("Backup list:");
  const listPages = [1, Math.max(1, Math.ceil(options.backups / 25 / 2))];
  const list = await runPhase("list", { ...base, listPages, listIterations: 20, actor });
  const listMs = list.listMedianMs!;
  console.log(
    `  ${list.records} backups; median per request: ${Object.entries(listMs)
      .map(([page, ms]) => `${page} ${fixed(ms, 2)} ms`)
      .join(", ")}; peak RSS ${fixed(list.peakRssMb, 0)} MB`,
  );
  return {
    listBackups: list.records,
    listPageMs: round(Math.max(...Object.values(listMs)), 2),
    listPageMsByPage: Object.fromEntries(Object.entries(listMs).map(([page, ms]) => [page, round(ms, 2)])),
  };
}

type AuditPhase = Extract<PhaseName, "baseline-audit-page" | "audit-page" | "baseline-audit-export" | "audit-export">;

/**
 * The Audit log over all the seeded entries: the first page's server time (the page's own
 * query and name lookups, through Prisma) against one raw indexed query, and a full CSV export's
 * peak RSS against a raw driver iteration writing the same CSV; each in its own process.
 */
async function measureAuditLog() {
  console.log("Audit log:");
  const auditConfig: PhaseConfig = { ...base, actor, auditTenantId: benchIds.tenantId, auditIterations: 30 };
  const results: Record<AuditPhase, PhaseResult[]> = {
    "baseline-audit-page": [],
    "audit-page": [],
    "baseline-audit-export": [],
    "audit-export": [],
  };
  for (let run = 0; run < options.runs; run++) {
    const order: AuditPhase[] =
      run % 2
        ? ["audit-page", "baseline-audit-page", "audit-export", "baseline-audit-export"]
        : ["baseline-audit-page", "audit-page", "baseline-audit-export", "audit-export"];
    for (const phase of order) {
      const result = await runPhase(phase, auditConfig);
      results[phase].push(result);
      const timing = result.pageMs
        ? `first page median ${fixed(result.pageMs.median, 2)} ms, p95 ${fixed(result.pageMs.p95, 2)} ms`
        : `${result.records} rows in ${fixed(result.seconds, 1)} s (${fixed(result.records / result.seconds, 0)} rows/s, ${fixed(mib(result.bytes), 0)} MB)`;
      console.log(`  ${phase.padEnd(21)} run ${run + 1}: ${timing}; peak RSS ${fixed(result.peakRssMb, 0)} MB`);
    }
  }
  const bestPage = (phase: AuditPhase) => Math.min(...results[phase].map((r) => r.pageMs!.median));
  const fastest = (phase: AuditPhase) => results[phase].reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const worstRss = (phase: AuditPhase) => Math.max(...results[phase].map((r) => r.peakRssMb));
  const exported = fastest("audit-export");
  if (exported.records !== fastest("baseline-audit-export").records)
    throw new Error(
      `the export wrote ${exported.records} rows, the baseline ${fastest("baseline-audit-export").records}`,
    );
  return {
    auditEntries: options.auditEntries,
    auditEntriesInScope: exported.records,
    auditFirstPageMs: round(bestPage("audit-page"), 2),
    auditFirstPageP95Ms: round(Math.min(...results["audit-page"].map((r) => r.pageMs!.p95)), 2),
    baselineAuditFirstPageMs: round(bestPage("baseline-audit-page"), 2),
    auditExportSeconds: round(exported.seconds, 2),
    auditExportRowsPerSecond: Math.round(exported.records / exported.seconds),
    baselineAuditExportSeconds: round(fastest("baseline-audit-export").seconds, 2),
    auditExportMb: round(mib(exported.bytes)),
    auditExportPeakRssMb: round(worstRss("audit-export")),
    baselineAuditExportPeakRssMb: round(worstRss("baseline-audit-export")),
  };
}

/** Backups and restores at every size, other instances' requests during the largest restore, the list. */
async function measureBackupsAndRestores(db: BenchDatabase, peer: PostgresqlPeer | undefined) {
  const sizes: SizeSummary[] = [];
  let largestRestore: PhaseConfig | undefined;
  for (const records of options.sizes) {
    const { summary, restoreFrom } = await measureSize(db, peer, records);
    sizes.push(summary);
    largestRestore = restoreFrom;
  }
  const otherRequests = await measureOtherRequests(db, largestRestore!);
  const list = await measureBackupList();
  return {
    ...sizes.at(-1)!,
    sizes,
    ...(sizes.length > 1 ? peakRssGrowth(sizes) : {}),
    ...otherRequests,
    ...list,
  };
}

try {
  const startLoad = loadavg();
  const measuredAt = new Date().toISOString();
  const postgresql = options.engine === "postgresql" ? await startPostgresqlBenchDatabase() : undefined;
  const db: BenchDatabase = postgresql ?? sqliteBenchDatabase(join(dir, "bench.db"));
  database = db;
  process.env.DATABASE_URL = db.url;
  const { prepareDatabase } = await import("../lib/setup/prepare-database");

  const setupStarted = performance.now();
  prepareDatabase();
  // Before anything connects to the bench database: the peer's database is copied from it.
  const peer =
    postgresql && (await createPostgresqlPeer({ cluster: postgresql.cluster, benchDatabase: benchDatabaseName, dir }));
  await seedTenant(db);
  await seedBackupRows(db, { instanceId: benchIds.sourceInstanceId, count: options.backups });
  const auditEntries = db.engine === "sqlite" ? options.auditEntries : 0;
  if (auditEntries) await seedAuditEntries(db, { count: auditEntries });
  await db.settle();
  console.log(
    `Setup on ${db.engine}: ${options.backups} Backup rows, ${auditEntries} audit entries, ` +
      `${fixed((performance.now() - setupStarted) / 1000, 1)} s; dir ${dir}; load average ${loadAverage()}`,
  );

  const measured = {
    ...(options.auditOnly ? {} : await measureBackupsAndRestores(db, peer)),
    // The Audit log's baselines read the SQLite file directly.
    ...(db.engine === "sqlite" ? await measureAuditLog() : {}),
  };
  const endLoad = loadavg();
  console.log(`Load average at the end: ${loadAverage()}`);
  console.log(
    JSON.stringify({
      db: db.engine,
      measuredAt,
      loadAverage: { start: startLoad.map((l) => round(l, 2)), end: endLoad.map((l) => round(l, 2)) },
      ...measured,
    }),
  );
} finally {
  await cleanup();
}
