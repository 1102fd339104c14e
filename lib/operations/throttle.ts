/**
 * Runs `save` with the latest value at most once per `intervalMs`, never two at once, so frequent
 * progress callbacks cost a handful of writes. `flush` waits for the last pending value.
 */
export function throttle<T>(save: (value: T) => Promise<void>, intervalMs: number) {
  let last = 0;
  let pending: { value: T } | undefined;
  let running: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    while (pending) {
      const { value } = pending;
      pending = undefined;
      last = Date.now();
      await save(value).catch((error) => console.error("progress update failed", error));
    }
    running = undefined;
  };

  const call = (value: T) => {
    pending = { value };
    if (!running && Date.now() - last >= intervalMs) running = drain();
  };
  call.flush = async () => {
    if (running) await running;
    if (pending) await (running = drain());
  };
  return call;
}
