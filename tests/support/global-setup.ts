// Migrates one template database per run and project; every test file then starts from its own
// copy. SQLite: a file in a temp dir of its own, so concurrent runs never clash. PostgreSQL: a
// throwaway cluster started here and removed at the end, its template copied with CREATE DATABASE.
// The S3 project also starts a throwaway radosgw; each of its files stores into a bucket of its own.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startPostgresqlCluster } from "./postgresql-cluster";
import { startRadosgw } from "./radosgw";

declare module "vitest" {
  export interface ProvidedContext {
    databaseProvider: "sqlite" | "postgresql";
    /** SQLite: the template file. PostgreSQL: the cluster's URL without a database name. */
    templateDatabase: string;
    /** The S3 client variables (endpoint, region, credentials) of the run's radosgw, if it has one. */
    s3Env?: Record<string, string>;
  }
}

export const templateDatabaseName = "backup_center_template";

function migrate(url: string) {
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
    stdio: "pipe",
  });
}

export default async function setup(project: TestProject) {
  if (project.name.startsWith("postgresql")) {
    const [cluster, radosgw] = await Promise.all([
      startPostgresqlCluster(),
      project.name.endsWith("-s3") ? startRadosgw() : undefined,
    ]);
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${templateDatabaseName}`).finally(() => admin.end());
    migrate(cluster.url(templateDatabaseName));
    project.provide("databaseProvider", "postgresql");
    project.provide("templateDatabase", cluster.url(""));
    if (radosgw) project.provide("s3Env", radosgw.env);
    return async () => {
      cluster.stop();
      await radosgw?.stop();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "backup-center-template-"));
  const file = join(dir, "template.db");
  migrate(`file:${file}`);
  project.provide("databaseProvider", "sqlite");
  project.provide("templateDatabase", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
