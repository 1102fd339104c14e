// `npm run scheduler`: daily system backups, expiry purge and storage sweep (npm start runs it
// beside the web server and the worker). A process of its own: under SQLite a write waits
// synchronously while a restore holds the write lock, and that must not stall the worker's restore.
// Several schedulers may run against one database.
import "./private-files"; // first: sets the private umask before anything creates a file
import { runScheduler } from "../lib/lifecycle/run-scheduler";
import { requireBackupStorage } from "./require-backup-storage";

await requireBackupStorage();
const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => controller.abort());
}
await runScheduler({ signal: controller.signal });
process.exit(0);
