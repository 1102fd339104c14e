// Trial counts, sizes and seeds of the fault suite. The defaults are what the suite promises;
// each can be changed from the environment (FAULT_*) to explore more, or to iterate faster.

function fromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}".`);
  return value;
}

export const faultSettings = {
  /** Seed of every pseudo-random choice; printed by each file, so a failing run can be replayed. */
  seed: fromEnv("FAULT_SEED", Math.floor(Math.random() * 2 ** 31)),
  /** Lease of the worker processes the suite starts: short, so a dead worker's work is taken over fast. */
  leaseSeconds: fromEnv("FAULT_LEASE_SECONDS", 5),
  workerPollMs: fromEnv("FAULT_WORKER_POLL_MS", 100),
  /** Extra time a take-over may need beyond the lease: the next poll and a loaded machine. */
  takeoverSlackMs: fromEnv("FAULT_TAKEOVER_SLACK_MS", 4000),

  largeRecords: fromEnv("FAULT_LARGE_RECORDS", 200_000),
  restoreKills: fromEnv("FAULT_RESTORE_KILLS", 50),
  /** Independent copies of the large world killed side by side, so lease waits overlap. */
  restoreKillLanes: Math.max(1, fromEnv("FAULT_RESTORE_LANES", 2)),

  backupKills: fromEnv("FAULT_BACKUP_KILLS", 30),
  backupKillRecords: fromEnv("FAULT_BACKUP_KILL_RECORDS", 50_000),

  byteFlips: fromEnv("FAULT_BYTE_FLIPS", 200),
  truncations: fromEnv("FAULT_TRUNCATIONS", 50),
  roundTrips: fromEnv("FAULT_ROUND_TRIPS", 100),
  raceRounds: fromEnv("FAULT_RACE_ROUNDS", 100),
  pausedWorkerTrials: fromEnv("FAULT_PAUSED_TRIALS", 3),
  pausedWorkerRecords: fromEnv("FAULT_PAUSED_RECORDS", 100_000),
  /** FAULT_TMPFS=off simulates the full disk instead of mounting one (as where mounting is refused). */
  mountTmpfs: process.env.FAULT_TMPFS !== "off",
};

/** A seed of its own for one file, derived from the run's seed, so files don't share sequences. */
export function seedFor(label: string): number {
  let hash = faultSettings.seed;
  for (const char of label) hash = (Math.imul(hash ^ char.charCodeAt(0), 0x5bd1e995) >>> 0) % 2 ** 31;
  return hash;
}
