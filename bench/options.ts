// The bench's command line (see run.ts for what each option measures).
import type { DatabaseProvider } from "../lib/env";

export type BenchOptions = {
  engine: DatabaseProvider;
  /** Records of the source instance, one measured size after another, smallest first. */
  sizes: number[];
  seed: number;
  runs: number;
  keep: boolean;
  backups: number;
  auditEntries: number;
  auditOnly: boolean;
};

/**
 * Defaults per engine: on SQLite one size (the Audit log phase makes the run long); on PostgreSQL
 * the two sizes the issue's targets name (peak RSS flat from 250k to 1M records, other
 * instances' requests during a 1M-record restore).
 */
const defaultSizes: Record<DatabaseProvider, number[]> = {
  sqlite: [250_000],
  postgresql: [250_000, 1_000_000],
};

export function parseOptions(argv: readonly string[]): BenchOptions {
  let engine: DatabaseProvider = "sqlite";
  let sizes: number[] | undefined;
  const options = { seed: 42, runs: 2, keep: false, backups: 10_000, auditEntries: 1_000_000, auditOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const positive = (text: string | undefined) => {
      const v = Number(text);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${arg} needs a positive number`);
      return v;
    };
    const value = () => positive(argv[++i]);
    if (arg === "--db") {
      const db = argv[++i];
      if (db === "postgres" || db === "postgresql") engine = "postgresql";
      else if (db === "sqlite") engine = "sqlite";
      else throw new Error("--db is sqlite or postgres");
    } else if (arg === "--records") sizes = (argv[++i] ?? "").split(",").map(positive);
    else if (arg === "--large") sizes = [1_000_000];
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
  // The Audit log's baselines read the SQLite file directly.
  if (options.auditOnly && engine !== "sqlite") throw new Error("--only audit runs on SQLite only");
  return { engine, sizes: [...(sizes ?? defaultSizes[engine])].sort((a, b) => a - b), ...options };
}
