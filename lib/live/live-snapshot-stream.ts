import "server-only";
import { actorFromSessionToken } from "../auth/actor-from-session-token";
import { loadLiveSnapshot } from "./load-live-snapshot";

/** How often the stream looks for changes: a progress bar moves about once a second. */
const checkIntervalMs = 1000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const keepAliveMs = 15_000;

/**
 * A Server-Sent Events stream of the actor's live snapshot: one `data:` event whenever it changes,
 * nothing while it does not. The session is checked again on every look, so a sign-out or a role
 * taken away ends the stream (`event: signed-out`) or narrows it at once. Stops when `signal` aborts.
 */
export function liveSnapshotStream(options: { sessionToken: string; signal: AbortSignal }): ReadableStream<Uint8Array> {
  const { sessionToken, signal } = options;
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        controller.close();
      };
      signal.addEventListener("abort", close, { once: true });

      let lastData = "";
      let lastSentAt = Date.now();
      const look = async () => {
        try {
          const actor = await actorFromSessionToken(sessionToken);
          if (!actor) {
            send("event: signed-out\ndata: {}\n\n");
            close();
            return;
          }
          const data = JSON.stringify(await loadLiveSnapshot(actor));
          if (data !== lastData) {
            send(`data: ${data}\n\n`);
            lastData = data;
            lastSentAt = Date.now();
          } else if (Date.now() - lastSentAt >= keepAliveMs) {
            send(": keep-alive\n\n");
            lastSentAt = Date.now();
          }
        } catch (error) {
          // A busy or restarting database: the next look tries again.
          console.error("live updates: the snapshot could not be read", error);
        }
        if (!closed) timer = setTimeout(look, checkIntervalMs);
      };
      // Browsers reconnect on their own after a dropped stream; this asks them to wait 2 s.
      send("retry: 2000\n\n");
      void look();
    },
    cancel() {
      closed = true;
      clearTimeout(timer);
    },
  });
}
