// A scheduler in a process of its own, for the test that runs two of them on one database. It runs
// the daily system backup job once for each simulated time in SCHEDULER_TIMES (comma-separated ISO
// times, its injected clock) and prints the instance ids it queued, one JSON array per time. Both
// processes wait for SCHEDULER_START_AT (epoch ms) so their runs really overlap.
import { ensureDailySystemBackups } from "../../lib/lifecycle/system-backups";

await new Promise((resolve) => setTimeout(resolve, Number(process.env.SCHEDULER_START_AT ?? 0) - Date.now()));
const times = (process.env.SCHEDULER_TIMES ?? "").split(",").filter(Boolean);
for (const time of times) {
  const run = await ensureDailySystemBackups({ now: new Date(time) });
  process.stdout.write(`${JSON.stringify(run.queued)}\n`);
}
process.exit(0);
