// Runs a command (the app under test) against a throwaway PostgreSQL cluster of its own: starts
// the cluster, creates the database, runs the command with DATABASE_URL set, and removes the
// cluster when the command ends or Playwright stops it (SIGTERM, see playwright.config.ts).
import { spawn } from "node:child_process";
import pg from "pg";
import { startPostgresqlCluster } from "../tests/support/postgresql-cluster";

const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error("usage: with-postgresql.ts <command> [args…]");

const cluster = await startPostgresqlCluster();
const admin = new pg.Client({ connectionString: cluster.url("postgres") });
await admin.connect();
await admin.query("CREATE DATABASE backup_center").finally(() => admin.end());

const child = spawn(command, args, {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: cluster.url("backup_center") },
});
let stopped = false;
const stop = () => {
  if (stopped) return;
  stopped = true;
  cluster.stop();
};
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on("exit", (code) => {
  stop();
  process.exit(code ?? 1);
});
