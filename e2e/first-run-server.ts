import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

/**
 * A second Backup Center for the first-run spec, started as an operator would (`npm start` with
 * DEMO_DATA=off) on a fresh database of its own, next to the suite's demo server (whose build it
 * reuses). Resolves once it listens, with the setup code it printed.
 */
export async function startFirstRunServer(options: { port: number; dataDir: string }) {
  rmSync(options.dataDir, { recursive: true, force: true });
  const url = `http://localhost:${options.port}`;
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      DATABASE_URL: `file:${options.dataDir}/backup-center.db`,
      NEXTAUTH_URL: url,
      DEMO_DATA: "off",
      WORKER_POLL_MS: "200",
      MAINTENANCE_INTERVAL_SECONDS: "5",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stopping it stops its web server, worker and scheduler too.
    detached: true,
  });
  let log = "";
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`first-run server did not start:\n${log}`)), 180_000);
    const onOutput = (chunk: Buffer) => {
      log += chunk.toString();
      const code = /^Setup code: (\S+)$/m.exec(log)?.[1];
      if (code && /Web server listening/.test(log)) {
        clearTimeout(timer);
        resolve(code);
      }
    };
    child.stdout!.on("data", onOutput);
    child.stderr!.on("data", onOutput);
    child.on("exit", (code) => reject(new Error(`first-run server exited with ${code}:\n${log}`)));
  });
  const setupCode = await ready;
  return { url, setupCode, log: () => log, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    process.kill(-child.pid!, "SIGTERM");
  });
}
