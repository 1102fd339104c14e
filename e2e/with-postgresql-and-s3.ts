// Runs a command (the app under test) on a throwaway PostgreSQL cluster and a throwaway radosgw of
// its own: starts both, creates the database and the bucket, runs the command with DATABASE_URL and
// the S3 settings of e2e/s3-settings.ts, and removes both when the command ends or Playwright
// stops it (SIGTERM, see playwright.config.ts).
import { spawn } from "node:child_process";
import pg from "pg";
import { startPostgresqlCluster } from "../tests/support/postgresql-cluster";
import { startRadosgw } from "../tests/support/radosgw";
import { createBucket } from "../tests/support/s3-buckets";
import { e2eS3 } from "./s3-settings";

const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error("usage: with-postgresql-and-s3.ts <command> [args…]");

const [cluster, radosgw] = await Promise.all([
  startPostgresqlCluster(),
  startRadosgw({ port: e2eS3.port, accessKeyId: e2eS3.accessKeyId, secretAccessKey: e2eS3.secretAccessKey }),
]);
const admin = new pg.Client({ connectionString: cluster.url("postgres") });
await admin.connect();
await admin.query("CREATE DATABASE backup_center").finally(() => admin.end());
Object.assign(process.env, e2eS3.env);
await createBucket(e2eS3.bucket);

const child = spawn(command, args, {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: cluster.url("backup_center") },
});
let stopped = false;
const stop = async () => {
  if (stopped) return;
  stopped = true;
  cluster.stop();
  await radosgw.stop();
};
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on("exit", (code) => {
  void stop().finally(() => process.exit(code ?? 1));
});
