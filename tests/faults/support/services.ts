// The test's side of service-host.ts: calls into the app's services from another process.
import { startScript, type Child } from "./processes";
import { waitFor } from "./wait";
import { worldEnv, type World } from "./world";

export type CallError = { kind: string; code: string | null; message: string };
export type CallResult = { ok: true; value: unknown } | { ok: false; error: CallError };

export type ServiceHost = {
  child: Child;
  /** Calls `call` in the host; with `at`, not before that moment (epoch ms). */
  call(call: string, args: Record<string, unknown>, options?: { at?: number }): Promise<CallResult>;
};

export async function startServiceHost(world: World, name = "service host"): Promise<ServiceHost> {
  const child = startScript("tests/faults/support/service-host.ts", { name, env: worldEnv(world) });
  const pending = new Map<number, (result: CallResult) => void>();
  let ready = false;
  // Answers are JSON lines among whatever else the process may print.
  child.onLine((line) => {
    if (!line.startsWith("{")) return;
    const message = JSON.parse(line) as ({ ready: true } | { id: number }) & CallResult;
    if ("ready" in message) ready = true;
    else pending.get(message.id)?.(message);
  });
  const started = await waitFor(() => (ready ? true : child.hasExited() ? false : undefined), {
    timeoutMs: 30_000,
    what: `${name} to start`,
  });
  if (!started) throw new Error(`${name} exited:\n${child.output()}`);
  let nextId = 1;
  return {
    child,
    call(call, args, options = {}) {
      const id = nextId++;
      return new Promise<CallResult>((resolve, reject) => {
        pending.set(id, (result) => {
          pending.delete(id);
          resolve(result);
        });
        void child.exited.then(() =>
          reject(new Error(`${name} exited during ${call}:\n${child.output().slice(-2000)}`)),
        );
        child.send(JSON.stringify({ id, at: options.at, call, args }));
      });
    },
  };
}

/**
 * Makes each host call at (nearly) the same moment: a shared start a little ahead, each shifted by
 * up to `jitterMs` at random, so that over many rounds either may go first.
 */
export function callTogether(
  calls: [host: ServiceHost, call: string, args: Record<string, unknown>][],
  options: { jitter: () => number },
): Promise<CallResult[]> {
  const at = Date.now() + 40;
  return Promise.all(calls.map(([host, call, args]) => host.call(call, args, { at: at + options.jitter() })));
}
