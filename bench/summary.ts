// One size's measured runs as the printed summary table and the fields of the final JSON line:
// the best (fastest) run of each phase, and the worst peak RSS over its runs.
import type { DatabaseProvider } from "../lib/env";
import type { PeerResult } from "./postgresql-peer";
import type { PhaseResult } from "./shared";

export type SizeResults = {
  engine: DatabaseProvider;
  runs: number;
  phases: Record<"baseline-backup" | "product-backup" | "baseline-restore" | "product-restore", PhaseResult[]>;
  /** PostgreSQL's peer, pg_dump and pg_restore (none on SQLite). */
  pgDump: PeerResult[];
  pgRestore: PeerResult[];
  /** SQLite only: its baseline writes the product's format, so the two files should be identical. */
  sameFile?: boolean;
  restoreVerified: boolean;
};

type MeasuredPhase = keyof SizeResults["phases"];

export type Timing = { records: number; seconds: number; bytes: number };

export const mib = (bytes: number) => bytes / (1024 * 1024);
export const fixed = (n: number, digits: number) => n.toFixed(digits);
export const round = (n: number, digits = 1) => Number(n.toFixed(digits));

const fastest = <T extends Timing>(runs: readonly T[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const rate = (timing: Timing) => timing.records / timing.seconds;

export function summarizeSize(size: SizeResults) {
  const measured: MeasuredPhase[] = ["baseline-backup", "product-backup", "baseline-restore", "product-restore"];
  const best = (phase: MeasuredPhase) => fastest(size.phases[phase]);
  const peak = (phase: MeasuredPhase) => Math.max(...size.phases[phase].map((r) => r.peakRssMb));
  const rps = (phase: MeasuredPhase) => rate(best(phase));
  const backup = best("product-backup");
  const baselineBackup = best("baseline-backup");
  const pgDump = size.pgDump.length ? fastest(size.pgDump) : undefined;
  const pgRestore = size.pgRestore.length ? fastest(size.pgRestore) : undefined;

  console.log(`Summary, ${backup.records} records (best of ${size.runs} runs):`);
  console.log("  phase             records   seconds    rec/s    MB/s  peak RSS MB");
  const line = (name: string, timing: Timing, rssMb: string) =>
    console.log(
      `  ${name.padEnd(17)} ${String(timing.records).padStart(8)} ${fixed(timing.seconds, 2).padStart(8)} ` +
        `${fixed(rate(timing), 0).padStart(9)} ${fixed(mib(timing.bytes) / timing.seconds, 1).padStart(7)} ${rssMb.padStart(11)}`,
    );
  for (const phase of measured) line(phase, best(phase), fixed(peak(phase), 0));
  if (pgDump) line("pg_dump", pgDump, "-");
  if (pgRestore) line("pg_restore", pgRestore, "-");
  const backupRatio = rps("product-backup") / rps("baseline-backup");
  const restoreRatio = rps("product-restore") / rps("baseline-restore");
  console.log(`  backupRatio ${fixed(backupRatio, 3)}  restoreRatio ${fixed(restoreRatio, 3)}`);

  const peer =
    pgDump && pgRestore
      ? {
          pgDumpRps: Math.round(rate(pgDump)),
          pgDumpSeconds: round(pgDump.seconds, 3),
          pgDumpFileMb: round(mib(pgDump.bytes), 2),
          backupVsPgDump: round(rps("product-backup") / rate(pgDump), 3),
          pgRestoreRps: Math.round(rate(pgRestore)),
          pgRestoreSeconds: round(pgRestore.seconds, 3),
          restoreVsPgRestore: round(rps("product-restore") / rate(pgRestore), 3),
        }
      : undefined;
  if (peer)
    console.log(
      `  backupVsPgDump ${fixed(peer.backupVsPgDump, 3)}  restoreVsPgRestore ${fixed(peer.restoreVsPgRestore, 3)}`,
    );
  return {
    records: backup.records,
    counts: backup.counts,
    runs: size.runs,
    baselineBackupRps: Math.round(rps("baseline-backup")),
    backupRps: Math.round(rps("product-backup")),
    backupRatio: round(backupRatio, 3),
    baselineRestoreRps: Math.round(rps("baseline-restore")),
    restoreRps: Math.round(rps("product-restore")),
    restoreRatio: round(restoreRatio, 3),
    baselineBackupSeconds: round(baselineBackup.seconds, 3),
    backupSeconds: round(backup.seconds, 3),
    baselineRestoreSeconds: round(best("baseline-restore").seconds, 3),
    restoreSeconds: round(best("product-restore").seconds, 3),
    backupMbps: round(mib(backup.bytes) / backup.seconds),
    restoreMbps: round(mib(best("product-restore").bytes) / best("product-restore").seconds),
    peakRssMb: round(Math.max(...measured.map(peak))),
    productPeakRssMb: round(Math.max(peak("product-backup"), peak("product-restore"))),
    peakRssMbByPhase: Object.fromEntries(measured.map((phase) => [phase, round(peak(phase))])),
    fileMb: round(mib(backup.bytes), 2),
    baselineFileMb: round(mib(baselineBackup.bytes), 2),
    ...(size.sameFile === undefined ? {} : { sameFile: size.sameFile }),
    restoreVerified: size.restoreVerified,
    ...peer,
  };
}

export type SizeSummary = ReturnType<typeof summarizeSize>;

/** How much the product's peak RSS grows from the smallest size to the largest, per phase and at most. */
export function peakRssGrowth(sizes: readonly SizeSummary[]) {
  const smallest = sizes[0]!.peakRssMbByPhase;
  const largest = sizes.at(-1)!.peakRssMbByPhase;
  const byPhase = Object.fromEntries(
    ["product-backup", "product-restore"].map((phase) => [phase, round(largest[phase]! / smallest[phase]! - 1, 3)]),
  );
  return { productPeakRssGrowth: Math.max(...Object.values(byPhase)), productPeakRssGrowthByPhase: byPhase };
}
