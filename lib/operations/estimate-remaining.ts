/** A finished run of the same kind on the same instance: how many records it moved, in how long. */
export type PastRun = { records: number; ms: number };

/**
 * Seconds left for a run that has moved `done` of `total` records in `elapsedMs`. Earlier runs on
 * the instance give the rate (records/s) from the start, before this run has a rate of its own;
 * once it has moved a tenth of its records, its own rate counts as much as theirs. Null while
 * nothing is known (no history, nothing done yet).
 */
export function estimateRemainingSeconds(options: {
  done: number;
  total: number;
  elapsedMs: number;
  history: readonly PastRun[];
}): number | null {
  const { done, total, elapsedMs, history } = options;
  if (total <= 0 || done >= total) return done >= total && total > 0 ? 0 : null;
  const pastRecords = history.reduce((sum, run) => sum + run.records, 0);
  const pastMs = history.reduce((sum, run) => sum + run.ms, 0);
  const pastRate = pastRecords > 0 && pastMs > 0 ? pastRecords / pastMs : null;
  const ownRate = done > 0 && elapsedMs > 0 ? done / elapsedMs : null;
  const ownWeight = Math.min(1, done / total / 0.1) / 2;
  const rate =
    pastRate !== null && ownRate !== null ? pastRate * (1 - ownWeight) + ownRate * ownWeight : (pastRate ?? ownRate);
  if (rate === null) return null;
  return Math.ceil((total - done) / rate / 1000);
}
