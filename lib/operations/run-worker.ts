import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Operation } from "@prisma/client";
import { env } from "../env";
import { claimNextOperation, LeaseLostError, renewLease } from "./claim-operation";
import { failOperation } from "./fail-operation";
import { runBackup } from "./run-backup";
import { runRestore } from "./run-restore";
import { runTestRestore } from "./run-test-restore";
import { runVerify } from "./run-verify";

/** An operation whose worker died this many times is failed instead of being tried again. */
export const maxAttempts = 3;

export type OperationContext = {
  owner: string;
  /** Aborted as soon as a renewal finds that another worker holds the lease: stop promptly. */
  leaseLost: AbortSignal;
};

const runners: Partial<Record<Operation["type"], (op: Operation, context: OperationContext) => Promise<void>>> = {
  Backup: runBackup,
  Restore: runRestore,
  // An update is its pre-update backup plus the version change, recorded when the backup succeeds.
  Update: runBackup,
  Verify: runVerify,
  TestRestore: runTestRestore,
};

async function giveUp(operation: Operation, owner: string) {
  await failOperation({
    operation,
    owner,
    actor: "system",
    reason:
      operation.type === "Update"
        ? `The update was interrupted ${maxAttempts} times and was cancelled. The version was not changed.`
        : `The operation was interrupted ${maxAttempts} times and was stopped.`,
  });
}

/** Runs one claimed operation while renewing its lease in the background. */
export async function executeOperation(operation: Operation, owner: string, leaseMs: number): Promise<void> {
  if (operation.attempts > maxAttempts) return giveUp(operation, owner);
  const runner = runners[operation.type];
  if (!runner) return giveUp(operation, owner);
  const lost = new AbortController();
  let renewing = false;
  const heartbeat = setInterval(
    () => {
      if (renewing) return;
      renewing = true;
      renewLease({ operationId: operation.id, owner, leaseMs })
        .then((held) => held || lost.abort(new LeaseLostError()))
        .catch(() => undefined)
        .finally(() => (renewing = false));
    },
    Math.max(1000, leaseMs / 3),
  );
  try {
    await runner(operation, { owner, leaseLost: lost.signal });
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * The background worker: claims operations from the database and runs them one at a time until
 * `signal` aborts. Several workers may share one database; the claim keeps them apart.
 */
export async function runWorker(options: { signal: AbortSignal; log?: (message: string) => void }) {
  const { WORKER_POLL_MS, WORKER_LEASE_SECONDS } = env();
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const leaseMs = WORKER_LEASE_SECONDS * 1000;
  const log = options.log ?? ((message: string) => console.log(`[worker ${owner}] ${message}`));
  log("started");
  while (!options.signal.aborted) {
    let operation: Operation | null = null;
    try {
      operation = await claimNextOperation({ owner, leaseMs });
    } catch (error) {
      console.error("claiming an operation failed", error);
    }
    if (!operation) {
      await new Promise((resolve) => setTimeout(resolve, WORKER_POLL_MS));
      continue;
    }
    log(`running ${operation.type} ${operation.id} (attempt ${operation.attempts})`);
    const started = Date.now();
    try {
      await executeOperation(operation, owner, leaseMs);
    } catch (error) {
      // The lease runs out and another worker (or this one) resumes the operation.
      console.error(`operation ${operation.id} crashed`, error);
    }
    log(`finished ${operation.type} ${operation.id} in ${Date.now() - started} ms`);
  }
  log("stopped");
}
