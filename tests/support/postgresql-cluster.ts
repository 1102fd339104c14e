// A throwaway PostgreSQL 15 cluster for tests and the bench: initdb into a temp dir, started on a
// free 127.0.0.1 port with durability off (nothing here must survive the run), removed on stop.
// initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";

const bin = process.env.POSTGRESQL_BIN ?? "/usr/lib/postgresql/15/bin";

export type PostgresqlCluster = {
  /** A connection URL for `database` on this cluster. */
  url(database: string): string;
  stop(): void;
};

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

export async function startPostgresqlCluster(): Promise<PostgresqlCluster> {
  const dir = mkdtempSync(join(tmpdir(), "backup-center-pg-"));
  const data = join(dir, "data");
  const socket = join(dir, "sock");
  mkdirSync(socket);
  const owner = postgresUser();
  const run = (tool: string, args: string[]) =>
    execFileSync(
      owner ? "runuser" : join(bin, tool),
      owner ? ["-u", "postgres", "--", join(bin, tool), ...args] : args,
      {
        stdio: "pipe",
      },
    );
  if (owner) {
    for (const path of [dir, socket]) chownSync(path, owner.uid, owner.gid);
    chmodSync(dir, 0o700);
  }
  run("initdb", ["-D", data, "-U", "app", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const log = join(dir, "log");
  let port = 0;
  // On a shared host another process can take a free port before the server binds it: take another.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const options = `-p ${port} -k ${socket} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
    try {
      run("pg_ctl", ["-D", data, "-l", log, "-w", "-o", options, "start"]);
      break;
    } catch (error) {
      if (attempt === 3 || !readFileSync(log, "utf8").includes("could not bind")) throw error;
    }
  }
  return {
    url: (database) => `postgresql://app@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
