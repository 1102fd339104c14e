import "server-only";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { systemClock, type Clock } from "../clock";
import { env, smtpConfig, type SmtpConfig } from "../env";
import { claimDueDeliveries } from "./claim-alert-delivery";
import { deliverAlert } from "./deliver-alert";

/** One pass: claims the deliveries due now and attempts each; returns how many were attempted. */
export async function deliverDueAlerts(options: {
  owner: string;
  clock?: Clock;
  smtp?: SmtpConfig | null;
}): Promise<number> {
  const clock = options.clock ?? systemClock;
  const smtp = options.smtp === undefined ? smtpConfig() : options.smtp;
  const claimed = await claimDueDeliveries({ owner: options.owner, now: clock() });
  // Side by side: one slow webhook must not hold up the others' alerts.
  await Promise.all(claimed.map((delivery) => deliverAlert(delivery, { owner: options.owner, clock, smtp })));
  return claimed.length;
}

/**
 * The alert sender, a loop of its own beside the operation worker in the worker process, so a
 * webhook that hangs for its whole timeout never delays a backup or a restore. Several senders may
 * share one database: the claim keeps them apart.
 */
export async function runAlertSender(options: { signal: AbortSignal; log?: (message: string) => void }) {
  const owner = `${hostname()}:${process.pid}:alerts:${randomBytes(3).toString("hex")}`;
  const log = options.log ?? ((message: string) => console.log(`[alerts ${owner}] ${message}`));
  log("started");
  while (!options.signal.aborted) {
    let attempted = 0;
    try {
      attempted = await deliverDueAlerts({ owner });
    } catch (error) {
      console.error("delivering alerts failed", error);
    }
    if (attempted === 0) await new Promise((resolve) => setTimeout(resolve, env().WORKER_POLL_MS));
  }
  log("stopped");
}
