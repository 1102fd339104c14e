// `npm run worker`: the background worker on its own (npm start runs it beside the web server).
import "./private-files"; // first: sets the private umask before anything creates a file
import { runAlertSender } from "../lib/alerts/run-alert-sender";
import { runWorker } from "../lib/operations/run-worker";
import { requireBackupStorage } from "./require-backup-storage";

await requireBackupStorage();
const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // Finish the current operation; a second signal exits at once (the lease lets another worker resume).
    if (controller.signal.aborted) process.exit(1);
    controller.abort();
  });
}
// Alerts go out from a loop of their own, so a slow webhook never holds up an operation.
await Promise.all([runWorker({ signal: controller.signal }), runAlertSender({ signal: controller.signal })]);
process.exit(0);
