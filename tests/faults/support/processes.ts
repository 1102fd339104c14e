// Real processes for the fault suite: workers (scripts/worker.ts) and service hosts, started
// the way `npm run worker` starts them, and always stopped by the test that started them.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { faultSettings } from "./settings";
import { waitFor } from "./wait";
import { worldEnv, type World } from "./world";

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type Child = {
  pid: number;
  name: string;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Calls `listener` with each whole line it prints on stdout from now on. */
  onLine(listener: (line: string) => void): void;
  /** Writes `line` and a newline to its stdin. */
  send(line: string): void;
  exited: Promise<Exit>;
  hasExited(): boolean;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<Exit>;
};

const running = new Set<Child>();

/** Starts `script` (a TypeScript file, relative to the project root) under tsx, as the npm scripts do. */
export function startScript(script: string, options: { name: string; env: NodeJS.ProcessEnv }): Child {
  const child: ChildProcess = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
    cwd: process.cwd(),
    env: options.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${options.name} did not start`);
  let output = "";
  let partialLine = "";
  const listeners: ((line: string) => void)[] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output += text;
    const lines = (partialLine + text).split("\n");
    partialLine = lines.pop()!;
    for (const line of lines) for (const listener of listeners) listener(line);
  });
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stdin!.on("error", () => undefined); // a killed child's closed pipe is not the test's failure
  let done = false;
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const handle: Child = {
    pid: child.pid,
    name: options.name,
    output: () => output,
    onLine: (listener) => listeners.push(listener),
    send: (line) => child.stdin!.write(`${line}\n`),
    exited,
    hasExited: () => done,
    signal: (signal) => {
      if (!done) process.kill(child.pid!, signal);
    },
    kill: async () => {
      if (!done) process.kill(child.pid!, "SIGKILL");
      return exited;
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

/** Kills every process the suite started that is still running; for afterEach/afterAll. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      child.signal("SIGCONT"); // a paused process can't die until it runs again
      await child.kill();
    }),
  );
}

export type Worker = Child & {
  /** The lease owner it claims under contains this (owner is `host:pid:random`). */
  ownerMark: string;
  /** Ids of the operations it logged as started, in order. */
  operationsStarted(): string[];
};

/**
 * Starts `npm run worker` against `world`, by default with the suite's short lease (so a dead
 * worker's operation is taken over within seconds) and poll interval.
 */
export function startWorker(world: World, name = "worker", options: { leaseSeconds?: number } = {}): Worker {
  const child = startScript("scripts/worker.ts", {
    name,
    env: worldEnv(world, {
      WORKER_POLL_MS: String(faultSettings.workerPollMs),
      WORKER_LEASE_SECONDS: String(options.leaseSeconds ?? faultSettings.leaseSeconds),
    }),
  });
  return {
    ...child,
    ownerMark: `:${child.pid}:`,
    operationsStarted: () => [...child.output().matchAll(/running \w+ (\w+) \(attempt/g)].map((m) => m[1]!),
  };
}

/** Whether `owner` (an Operation's leaseOwner) is this worker. */
export const isOwnedBy = (owner: string | null, worker: Worker) => owner?.includes(worker.ownerMark) ?? false;

/** Resident set size of a running process in MB (Linux /proc), or null once it is gone. */
export function residentMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Waits until the child printed a line matching `pattern`. */
export function waitForOutput(child: Child, pattern: RegExp, timeoutMs: number): Promise<true> {
  return waitFor(() => (pattern.test(child.output()) ? true : child.hasExited() ? false : undefined), {
    timeoutMs,
    what: `${child.name} to print ${pattern}`,
    describe: () => child.output().slice(-2000),
  }).then((found) => {
    if (!found) throw new Error(`${child.name} exited before printing ${pattern}:\n${child.output().slice(-2000)}`);
    return true as const;
  });
}
