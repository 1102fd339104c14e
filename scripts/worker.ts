// `npm run worker`: the background worker and the lifecycle scheduler on their own (npm start runs
// them beside the web server). Several may run against one database.
import { runScheduler } from "../lib/lifecycle/run-scheduler";
import { runWorker } from "../lib/operations/run-worker";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // Finish the current operation; a second signal exits at once (the lease lets another worker resume).
    if (controller.signal.aborted) process.exit(1);
    controller.abort();
  });
}
await Promise.all([runWorker({ signal: controller.signal }), runScheduler({ signal: controller.signal })]);
process.exit(0);
