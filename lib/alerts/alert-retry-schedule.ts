// How long a failed delivery waits before its next attempt: 30 s, 2 min, 10 min, 1 h; the attempt
// after the last wait is the final one, and a delivery that fails it is given up as Failed.
export const retryDelaysMs = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000] as const;

export const maxDeliveryAttempts = retryDelaysMs.length + 1;

/** When the attempt after `attemptsMade` failed ones is due, or null when none is left. */
export function nextAttemptAfter(attemptsMade: number, failedAt: Date): Date | null {
  const delay = retryDelaysMs[attemptsMade - 1];
  return delay === undefined ? null : new Date(failedAt.getTime() + delay);
}
