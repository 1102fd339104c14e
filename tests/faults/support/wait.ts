// Waiting for something another process does, with a deadline that says what was awaited.

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Polls `probe` until it returns a value other than undefined, and returns that value. Past the
 * deadline it throws, with `describe()` (the last state seen) in the message.
 */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; what: string; describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const state = options.describe ? ` Last seen: ${options.describe()}` : "";
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.what}.${state}`);
    }
    await sleep(options.intervalMs ?? 50);
  }
}
