// A browser-side signal: "this tab just started that operation, report how it ends". The live
// status components listen, so an operation that finishes before their next poll is still toasted.
const watchEvent = "backup-center:watch-operation";

export function watchOperation(operationId: string) {
  window.dispatchEvent(new CustomEvent(watchEvent, { detail: operationId }));
}

/** Calls `onWatch` with each operation id passed to watchOperation; returns the unsubscribe. */
export function onWatchOperation(onWatch: (operationId: string) => void): () => void {
  const listener = (event: Event) => onWatch((event as CustomEvent<string>).detail);
  window.addEventListener(watchEvent, listener);
  return () => window.removeEventListener(watchEvent, listener);
}
