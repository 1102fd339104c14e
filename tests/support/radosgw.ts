// A throwaway Ceph cluster serving S3 on 127.0.0.1, for tests and the PostgreSQL + S3 browser run:
// one monitor, one memory-backed OSD and radosgw, all under one temp dir, no authentication
// between them (S3 clients still sign with the user created here). Debian's ceph-mon, ceph-osd
// and radosgw (16.2) must be installed; `.ci/run` installs them.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port";

const run = promisify(execFile);

export type Radosgw = {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The variables an S3 client of the app reads (endpoint, region, credentials). */
  env: Record<string, string>;
  stop(): Promise<void>;
};

function config(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = v1:127.0.0.1:${monPort}
mon initial members = a
auth cluster required = none
auth service required = none
auth client required = none
ms bind msgr2 = false
ms bind ipv6 = false
public addr = 127.0.0.1
osd objectstore = memstore
memstore device bytes = ${4 * 1024 ** 3}
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
pid file = ${dir}/run/$name.pid
log file = ${dir}/log/$name.log
mon data = ${dir}/$name
osd data = ${dir}/$name
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
`;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`radosgw test cluster: ${what} did not come up within ${timeoutMs / 1000} s`);
}

/** Stops a daemon: SIGTERM, then SIGKILL after a grace period (the memstore OSD may ignore SIGTERM). */
async function stopDaemon(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

export async function startRadosgw(): Promise<Radosgw> {
  const dir = mkdtempSync(join(tmpdir(), "backup-center-rgw-"));
  for (const sub of ["run", "log", "rgw", "mon.a", "osd.0"]) mkdirSync(join(dir, sub));
  const [monPort, rgwPort] = [await freePort(), await freePort()];
  const conf = join(dir, "ceph.conf");
  const fsid = crypto.randomUUID();
  writeFileSync(conf, config(dir, fsid, monPort, rgwPort));
  const ceph = (tool: string, args: string[]) => run(tool, ["-c", conf, ...args], { timeout: 60_000 });
  const daemons: ChildProcess[] = [];
  const daemon = (tool: string, args: string[]) => {
    // -f: in the foreground, so the child is the daemon itself and stops with this process's call.
    const child = spawn(tool, ["-c", conf, "-f", ...args], { stdio: "ignore" });
    daemons.push(child);
    return child;
  };
  const stop = async () => {
    await Promise.all(daemons.map(stopDaemon));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run("monmaptool", [
      "--create",
      "--fsid",
      fsid,
      "--addv",
      "a",
      `[v1:127.0.0.1:${monPort}]`,
      join(dir, "monmap"),
    ]);
    await ceph("ceph-mon", ["--mkfs", "-i", "a", "--monmap", join(dir, "monmap")]);
    daemon("ceph-mon", ["-i", "a"]);
    await ceph("ceph", ["osd", "create"]);
    await ceph("ceph-osd", ["-i", "0", "--mkfs"]);
    daemon("ceph-osd", ["-i", "0"]);
    await waitFor("the OSD", async () => (await ceph("ceph", ["osd", "stat"])).stdout.includes("1 up"), 60_000);
    daemon("radosgw", ["-n", "client.rgw.a"]);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitFor("radosgw", async () => (await fetch(endpoint)).ok, 60_000);
    const [accessKeyId, secretAccessKey] = ["backup-center-test", `secret-${crypto.randomUUID()}`];
    await ceph("radosgw-admin", [
      "user",
      "create",
      "--uid",
      "backup-center",
      "--display-name",
      "Backup Center tests",
      "--access-key",
      accessKeyId,
      "--secret",
      secretAccessKey,
    ]);
    return {
      endpoint,
      accessKeyId,
      secretAccessKey,
      env: {
        AWS_ENDPOINT_URL_S3: endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: accessKeyId,
        AWS_SECRET_ACCESS_KEY: secretAccessKey,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
