// Backup/restore throughput bench: the product's snapshot engine against a plain baseline on the
// same stack, the backup list query, and other instances' requests during a restore.
// `npm run bench` (250k records) or `npm run bench -- --records 1000000` / `--large`. Options: --seed N, --runs N, --keep;
// `--db postgres` runs bench/postgresql.ts instead.
// The Audit log phase (first page, full CSV export over --audit-entries, default 1,000,000) runs
// last; `--only audit` runs it alone.
// Every measured phase runs in its own child process (bench/phase.ts), so each reports its own
// peak RSS, untouched by data generation or the other phases. The last output line is JSON.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type BetterSqlite3 from "better-sqlite3";
import type { PhaseConfig, PhaseName, PhaseResult } from "./shared";

// `--db postgres`: the PostgreSQL bench (bench/postgresql.ts) instead; SQLite is the default.
const dbOption = process.argv.indexOf("--db");
if (dbOption !== -1) {
  const db = process.argv[dbOption + 1];
  if (db !== "postgres" && db !== "sqlite") throw new Error("--db is sqlite or postgres");
  process.argv.splice(dbOption, 2);
  if (db === "postgres") {
    await import("./postgresql");
    process.exit(0);
  }
}

function parseArgs(argv: string[]) {
  const options = {
    records: 250_000,
    seed: 42,
    runs: 2,
    keep: false,
    backups: 10_000,
    auditEntries: 1_000_000,
    auditOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${arg} needs a positive number`);
      return v;
    };
    if (arg === "--records") options.records = value();
    else if (arg === "--large") options.records = 1_000_000;
    else if (arg === "--seed") options.seed = value();
    else if (arg === "--runs") options.runs = value();
    else if (arg === "--backups") options.backups = value();
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--audit-entries") options.auditEntries = value();
    else if (arg === "--only" && argv[i + 1] === "audit") {
      options.auditOnly = true;
      i++;
    } else throw new Error(`Unknown option ${arg}`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root); // prisma migrate deploy runs from the project root

// Settings first: lib modules read them (once) when first used, so they are imported only below.
const dir = mkdtempSync(join(tmpdir(), "backup-center-bench-"));
const dbFile = join(dir, "bench.db");
const storageDir = join(dir, "backups");
const baselineDir = join(dir, "baseline");
mkdirSync(storageDir, { recursive: true });
mkdirSync(baselineDir, { recursive: true });
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.DATA_DIR = dir;
process.env.BACKUP_STORAGE_DIR = storageDir;
process.env.DEMO_DATA = "off";

const children = new Set<ChildProcess>();
let db: BetterSqlite3.Database | undefined;

function cleanup() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  try {
    db?.close();
  } catch {
    // already closed
  }
  db = undefined;
  if (!options.keep) rmSync(dir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    cleanup();
    process.exit(130);
  });
}

/** Runs one phase in a child process and returns its result line. */
function runPhase(phase: PhaseName, config: PhaseConfig, marker: string): Promise<PhaseResult> {
  return new Promise((resolvePhase, reject) => {
    const proc = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", join(root, "bench", "phase.ts"), phase, JSON.stringify(config)],
      { cwd: root, env: process.env, stdio: ["ignore", "pipe", "inherit"] },
    );
    children.add(proc);
    let stdout = "";
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (data: string) => (stdout += data));
    proc.on("error", reject);
    proc.on("close", (code, signal) => {
      children.delete(proc);
      const line = stdout.split("\n").find((l) => l.startsWith(marker));
      if (code !== 0 || !line) {
        reject(new Error(`phase ${phase} failed (exit ${code ?? signal}):\n${stdout}`));
        return;
      }
      resolvePhase(JSON.parse(line.slice(marker.length)) as PhaseResult);
    });
  });
}

const mib = (bytes: number) => bytes / (1024 * 1024);
const fixed = (n: number, digits: number) => n.toFixed(digits);

try {
  const { prepareDatabase } = await import("../lib/setup/prepare-database");
  const { default: Database } = await import("better-sqlite3");
  const seed = await import("./seed");
  const { resultMarker } = await import("./shared");
  const { benchIds, benchUser } = seed;

  const setupStarted = performance.now();
  prepareDatabase();
  const database = new Database(dbFile, { timeout: 30_000 });
  db = database;
  database.pragma("foreign_keys = ON");
  const generated = seed.seedRecords(db, { records: options.auditOnly ? 0 : options.records, seed: options.seed });
  seed.seedBackupRows(db, { instanceId: benchIds.sourceInstanceId, count: options.backups });
  seed.seedAuditEntries(db, { count: options.auditEntries });
  seed.checkpoint(db);
  console.log(
    `Setup: ${generated.records} records (${Object.entries(generated.counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(
        ", ",
      )}), ${options.backups} Backup rows, ${options.auditEntries} audit entries, ${fixed((performance.now() - setupStarted) / 1000, 1)} s; dir ${dir}`,
  );

  const base: PhaseConfig = {
    dbFile,
    storageDir,
    sourceInstanceId: benchIds.sourceInstanceId,
    targetInstanceId: benchIds.targetInstanceId,
    instanceVersion: benchIds.instanceVersion,
    baselineFile: join(baselineDir, "run-0.ndjson.gz"),
    productKey: `${benchIds.sourceInstanceId}/run-0.ndjson.gz`,
  };
  const results: Record<PhaseName, PhaseResult[]> = {
    "baseline-backup": [],
    "product-backup": [],
    "baseline-restore": [],
    "product-restore": [],
    list: [],
    "other-requests": [],
    "baseline-audit-page": [],
    "audit-page": [],
    "baseline-audit-export": [],
    "audit-export": [],
  };
  const report = (r: PhaseResult, run: number) =>
    console.log(
      `  ${r.phase.padEnd(17)} run ${run + 1}: ${String(r.records).padStart(8)} records ${fixed(r.seconds, 2).padStart(7)} s ` +
        `${fixed(r.records / r.seconds, 0).padStart(8)} rec/s ${fixed(mib(r.bytes) / r.seconds, 1).padStart(6)} MB/s ` +
        `peak RSS ${fixed(r.peakRssMb, 0)} MB (start ${fixed(r.startRssMb, 0)}, sampled ${fixed(r.sampledPeakRssMb, 0)})`,
    );

  const actor = {
    userId: benchIds.userId,
    email: benchUser.email,
    name: benchUser.name,
    assignments: [{ role: "GlobalAdmin", tenantId: benchIds.tenantId, instanceId: null }],
  };

  /** The backup, restore, concurrency and backup-list phases, as before the Audit log existed. */
  async function measureBackupsAndRestores() {
    const db = database;
    // Backups: runs alternate which side goes first.
    console.log("Backup:");
    for (let run = 0; run < options.runs; run++) {
      const config = {
        ...base,
        baselineFile: join(baselineDir, `run-${run}.ndjson.gz`),
        productKey: `${benchIds.sourceInstanceId}/run-${run}.ndjson.gz`,
      };
      const order: PhaseName[] =
        run % 2 ? ["product-backup", "baseline-backup"] : ["baseline-backup", "product-backup"];
      for (const phase of order) {
        seed.checkpoint(db);
        const result = await runPhase(phase, config, resultMarker);
        results[phase].push(result);
        report(result, run);
      }
    }
    const lastBaseline = results["baseline-backup"].at(-1)!;
    const lastProduct = results["product-backup"].at(-1)!;
    const sameFile = lastBaseline.sha256 === lastProduct.sha256;
    console.log(`  baseline and product files identical (SHA-256): ${sameFile}`);

    // Restores into the target instance, emptied (untimed) before each run so every run does the same work.
    console.log("Restore:");
    const restoreFrom = {
      ...base,
      baselineFile: join(baselineDir, `run-${options.runs - 1}.ndjson.gz`),
      productKey: `${benchIds.sourceInstanceId}/run-${options.runs - 1}.ndjson.gz`,
      manifest: { sha256: lastProduct.sha256!, bytes: lastProduct.bytes, counts: lastProduct.counts! },
      leaseOwner: "bench",
    };
    const verified: Record<string, boolean> = {};
    for (let run = 0; run < options.runs; run++) {
      const order: PhaseName[] =
        run % 2 ? ["product-restore", "baseline-restore"] : ["baseline-restore", "product-restore"];
      for (const phase of order) {
        seed.clearInstance(db, benchIds.targetInstanceId);
        const operationId =
          phase === "product-restore"
            ? seed.insertRestoreOperation(db, { instanceId: benchIds.targetInstanceId, leaseOwner: "bench" })
            : undefined;
        seed.checkpoint(db);
        const result = await runPhase(phase, { ...restoreFrom, operationId }, resultMarker);
        results[phase].push(result);
        report(result, run);
        if (operationId) {
          const op = db.prepare(`SELECT "status" FROM "Operation" WHERE "id" = ?`).get(operationId) as {
            status: string;
          };
          if (op.status !== "Succeeded") throw new Error(`restore operation ended ${op.status}`);
        }
        if (run === 0) {
          verified[phase] = seed.sameRecords(db, benchIds.sourceInstanceId, benchIds.targetInstanceId);
          if (!verified[phase]) throw new Error(`${phase}: the target's records differ from the source's`);
        }
      }
    }
    console.log(`  restored records identical to the source: ${JSON.stringify(verified)}`);

    // Another instance's admins at work (request, edit, list backups) in a process of their own, as
    // the web server is: first with nothing else running, then during a restore of the target.
    console.log("Other instances' requests:");
    const requestsConfig: PhaseConfig = { ...base, actor, otherInstanceId: benchIds.otherInstanceId };
    const idle = (await runPhase("other-requests", { ...requestsConfig, rounds: 100 }, resultMarker)).latencies!;
    seed.clearInstance(db, benchIds.targetInstanceId);
    const contendedRestore = seed.insertRestoreOperation(db, {
      instanceId: benchIds.targetInstanceId,
      leaseOwner: "bench",
    });
    seed.checkpoint(db);
    const [duringResult, restoreResult] = await Promise.all([
      runPhase("other-requests", { ...requestsConfig, whileOperationRuns: contendedRestore }, resultMarker),
      runPhase("product-restore", { ...restoreFrom, operationId: contendedRestore }, resultMarker),
    ]);
    const during = duringResult.latencies!;
    const describe = (l: typeof idle) =>
      `${l.requests} requests, ${l.failures.length} failed; p50 ${fixed(l.p50, 1)} ms, p99 ${fixed(l.p99, 1)} ms, max ${fixed(l.max, 1)} ms`;
    console.log(`  idle:                 ${describe(idle)}`);
    console.log(
      `  during a restore:     ${describe(during)} (restore of ${restoreResult.records} records, ${fixed(restoreResult.seconds, 1)} s)`,
    );
    for (const failure of during.failures.slice(0, 5)) console.log(`    failed: ${failure}`);

    // The backup list query through the real lib function and Prisma.
    console.log("Backup list:");
    const listPages = [1, Math.max(1, Math.ceil(options.backups / 25 / 2))];
    const list = await runPhase("list", { ...base, listPages, listIterations: 20, actor }, resultMarker);
    results.list.push(list);
    const listMs = list.listMedianMs!;
    console.log(
      `  ${list.records} backups; median per request: ${Object.entries(listMs)
        .map(([page, ms]) => `${page} ${fixed(ms, 2)} ms`)
        .join(", ")}; peak RSS ${fixed(list.peakRssMb, 0)} MB`,
    );

    // Best (fastest) run of each phase; peak RSS is the worst over its runs.
    const best = (phase: PhaseName) => results[phase].reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const peak = (phase: PhaseName) => Math.max(...results[phase].map((r) => r.peakRssMb));
    const rps = (phase: PhaseName) => best(phase).records / best(phase).seconds;
    const measured: PhaseName[] = ["baseline-backup", "product-backup", "baseline-restore", "product-restore"];

    console.log("Summary (best of runs):");
    console.log("  phase             records   seconds    rec/s    MB/s  peak RSS MB");
    for (const phase of measured) {
      const r = best(phase);
      console.log(
        `  ${phase.padEnd(17)} ${String(r.records).padStart(8)} ${fixed(r.seconds, 2).padStart(8)} ${fixed(rps(phase), 0).padStart(9)} ` +
          `${fixed(mib(r.bytes) / r.seconds, 1).padStart(7)} ${fixed(peak(phase), 0).padStart(11)}`,
      );
    }
    const backupRatio = rps("product-backup") / rps("baseline-backup");
    const restoreRatio = rps("product-restore") / rps("baseline-restore");
    console.log(`  backupRatio ${fixed(backupRatio, 3)}  restoreRatio ${fixed(restoreRatio, 3)}`);

    const round = (n: number, digits = 1) => Number(n.toFixed(digits));
    return {
      records: best("product-backup").records,
      counts: best("product-backup").counts,
      runs: options.runs,
      baselineBackupRps: Math.round(rps("baseline-backup")),
      backupRps: Math.round(rps("product-backup")),
      backupRatio: round(backupRatio, 3),
      baselineRestoreRps: Math.round(rps("baseline-restore")),
      restoreRps: Math.round(rps("product-restore")),
      restoreRatio: round(restoreRatio, 3),
      baselineBackupSeconds: round(best("baseline-backup").seconds, 3),
      backupSeconds: round(best("product-backup").seconds, 3),
      baselineRestoreSeconds: round(best("baseline-restore").seconds, 3),
      restoreSeconds: round(best("product-restore").seconds, 3),
      backupMbps: round(mib(best("product-backup").bytes) / best("product-backup").seconds),
      restoreMbps: round(mib(best("product-restore").bytes) / best("product-restore").seconds),
      peakRssMb: round(Math.max(...measured.map(peak))),
      productPeakRssMb: round(Math.max(peak("product-backup"), peak("product-restore"))),
      peakRssMbByPhase: Object.fromEntries(measured.map((phase) => [phase, round(peak(phase))])),
      fileMb: round(mib(lastProduct.bytes), 2),
      baselineFileMb: round(mib(lastBaseline.bytes), 2),
      sameFile,
      restoreVerified: Object.values(verified).every(Boolean),
      listBackups: list.records,
      listPageMs: round(Math.max(...Object.values(listMs)), 2),
      listPageMsByPage: Object.fromEntries(Object.entries(listMs).map(([page, ms]) => [page, round(ms, 2)])),
      otherRequestsDuringRestore: during.requests,
      otherRequestsFailed: during.failures.length,
      otherRequestsIdleP99Ms: round(idle.p99),
      otherRequestsP99Ms: round(during.p99),
      otherRequestsP99Ratio: round(during.p99 / idle.p99, 2),
    };
  }

  /**
   * The Audit log over all the seeded entries: the first page's server time (the page's own
   * query and name lookups, through Prisma) against one raw indexed query, and a full CSV export's
   * peak RSS against a raw driver iteration writing the same CSV; each in its own process.
   */
  async function measureAuditLog() {
    console.log("Audit log:");
    const auditConfig: PhaseConfig = { ...base, actor, auditTenantId: benchIds.tenantId, auditIterations: 30 };
    for (let run = 0; run < options.runs; run++) {
      const order: PhaseName[] =
        run % 2
          ? ["audit-page", "baseline-audit-page", "audit-export", "baseline-audit-export"]
          : ["baseline-audit-page", "audit-page", "baseline-audit-export", "audit-export"];
      for (const phase of order) {
        const result = await runPhase(phase, auditConfig, resultMarker);
        results[phase].push(result);
        const timing = result.pageMs
          ? `first page median ${fixed(result.pageMs.median, 2)} ms, p95 ${fixed(result.pageMs.p95, 2)} ms`
          : `${result.records} rows in ${fixed(result.seconds, 1)} s (${fixed(result.records / result.seconds, 0)} rows/s, ${fixed(mib(result.bytes), 0)} MB)`;
        console.log(`  ${phase.padEnd(21)} run ${run + 1}: ${timing}; peak RSS ${fixed(result.peakRssMb, 0)} MB`);
      }
    }
    const bestPage = (phase: PhaseName) => Math.min(...results[phase].map((r) => r.pageMs!.median));
    const fastest = (phase: PhaseName) => results[phase].reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const worstRss = (phase: PhaseName) => Math.max(...results[phase].map((r) => r.peakRssMb));
    const round = (n: number, digits = 1) => Number(n.toFixed(digits));
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

  const summary = options.auditOnly
    ? await measureAuditLog()
    : { ...(await measureBackupsAndRestores()), ...(await measureAuditLog()) };
  console.log(JSON.stringify(summary));
} finally {
  cleanup();
}
