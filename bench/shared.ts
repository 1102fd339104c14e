// Shared by the bench orchestrator (run.ts) and its per-phase child processes (phase.ts).
// Nothing here reads settings: entities.ts is a plain list, safe to import before env is set.
import { entities } from "../lib/records/entities";

export type TableSpec = { table: string; columns: readonly string[] };

/** Same tables, columns and order as the snapshot engine (lib/snapshot/write-snapshot.ts). */
export const benchTables: readonly TableSpec[] = entities.map((e) => ({
  table: e.table,
  columns: e.columns.map((c) => c.name),
}));

/**
 * The raw yardstick on one database (bench/sqlite-baseline.ts, bench/postgresql-baseline.ts): the
 * plainest streaming backup of an instance into a gzip-1 file with its SHA-256, and its restore.
 */
export type Baseline = {
  backup(options: {
    instanceId: string;
    instanceVersion: string;
    file: string;
  }): Promise<{ bytes: number; sha256: string; counts: Record<string, number> }>;
  /** Replaces the instance's records with the file's, in one transaction; returns the rows per table. */
  restore(options: { instanceId: string; file: string }): Promise<Record<string, number>>;
};

export type PhaseName =
  | "baseline-backup"
  | "product-backup"
  | "baseline-restore"
  | "product-restore"
  | "list"
  | "other-requests"
  | "baseline-audit-page"
  | "audit-page"
  | "baseline-audit-export"
  | "audit-export";

/**
 * Everything a child process needs to run one phase; passed as JSON on its command line. The
 * database is the one DATABASE_URL names, as for the product's own processes.
 */
export type PhaseConfig = {
  storageDir: string;
  sourceInstanceId: string;
  targetInstanceId: string;
  instanceVersion: string;
  /** Backup phases: where to write. Restore phases: what to read. */
  baselineFile?: string;
  productKey?: string;
  /** Product restore: the manifest facts the Backup row would hold, and the leased Operation. */
  manifest?: { sha256: string; bytes: number; rawBytes: number | null; counts: Record<string, number> };
  operationId?: string;
  leaseOwner?: string;
  /** List phase. */
  actor?: {
    userId: string;
    email: string;
    name: string;
    assignments: { role: string; tenantId: string | null; instanceId: string | null }[];
  };
  listPages?: number[];
  listIterations?: number;
  /** Other-requests phase: the instance worked on, and either a number of rounds or the restore to outlast. */
  otherInstanceId?: string;
  rounds?: number;
  whileOperationRuns?: string;
  /** Audit phases: the tenant whose admin reads, and timed repetitions of the first page. */
  auditTenantId?: string;
  auditIterations?: number;
};

/** Latencies of other instances' requests, in ms, with the requests that failed. */
export type RequestLatencies = { requests: number; failures: string[]; p50: number; p99: number; max: number };

export type RssReport = { startRssMb: number; sampledPeakRssMb: number; peakRssMb: number };

export type PhaseResult = RssReport & {
  phase: PhaseName;
  records: number;
  seconds: number;
  bytes: number;
  sha256?: string;
  /** Product backup: bytes before compression, as its manifest records them. */
  rawBytes?: number;
  counts?: Record<string, number>;
  /** List phase: median ms per request, per page. */
  listMedianMs?: Record<string, number>;
  /** Other-requests phase. */
  latencies?: RequestLatencies;
  /** Audit page phases: server time of the first page, in ms. */
  pageMs?: { median: number; p95: number };
};

/** Marks the one stdout line of a child that carries its result. */
export const resultMarker = "@@bench-result ";

const mb = (bytes: number) => bytes / (1024 * 1024);

/**
 * Peak resident set size of this process during a phase: sampled every 20 ms, and the kernel's
 * high-water mark (getrusage maxrss) for stretches where synchronous work blocks the timer.
 */
export function startRssMonitor(): { stop: () => RssReport } {
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      const highWater = process.resourceUsage().maxRSS * 1024;
      return {
        startRssMb: mb(startRss),
        sampledPeakRssMb: mb(peak),
        peakRssMb: mb(Math.max(peak, highWater)),
      };
    },
  };
}

/** The value below which `fraction` of the values lie (nearest rank). */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? 0;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
