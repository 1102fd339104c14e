// A scheduler in a process of its own, for the tests that run two of them on one database. It runs
// one scheduler job (SCHEDULER_JOB: "system-backups", the default, or "verifications") once for
// each simulated time in SCHEDULER_TIMES (comma-separated ISO times, its injected clock) and
// prints the instance ids it queued for, one JSON array per time. Both processes wait for
// SCHEDULER_START_AT (epoch ms) so their runs really overlap.
import { ensureScheduledVerifications } from "../../lib/lifecycle/scheduled-verifications";
import { ensureDailySystemBackups } from "../../lib/lifecycle/system-backups";

const jobs: Record<string, (now: Date) => Promise<string[]>> = {
  "system-backups": async (now) => (await ensureDailySystemBackups({ now })).queued,
  verifications: async (now) => {
    const run = await ensureScheduledVerifications({ now });
    return [...run.verified.map((id) => `verify:${id}`), ...run.testRestored.map((id) => `test-restore:${id}`)];
  },
};
const job = jobs[process.env.SCHEDULER_JOB ?? "system-backups"]!;

await new Promise((resolve) => setTimeout(resolve, Number(process.env.SCHEDULER_START_AT ?? 0) - Date.now()));
const times = (process.env.SCHEDULER_TIMES ?? "").split(",").filter(Boolean);
for (const time of times) process.stdout.write(`${JSON.stringify(await job(new Date(time)))}\n`);
process.exit(0);
