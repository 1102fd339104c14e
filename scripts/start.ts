// `npm start`: prepare the database, build when the sources changed, then run the web server, the
// background worker and the lifecycle scheduler side by side; if one exits, stop the others.
import "./private-files"; // first: sets the private umask before anything creates a file
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { env } from "../lib/env";

const tsNode = [process.execPath, "--conditions=react-server", "--import", "tsx"];
const config = env();
const childEnv = {
  ...process.env,
  NODE_ENV: "production" as const,
  NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`,
  NEXT_TELEMETRY_DISABLED: "1",
};

function run(args: string[]): void {
  const [cmd, ...rest] = args;
  const result = spawnSync(cmd!, rest, { stdio: "inherit", env: childEnv });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const sourceRoots = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "next.config.js",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
  "prisma/schema.prisma",
];

/** Fingerprint of everything the build depends on, so a stale .next is rebuilt. */
function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else {
      hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  sourceRoots.forEach(visit);
  return hash.digest("hex");
}

run([...tsNode, "scripts/prepare.ts"]);

const fingerprintFile = ".next/source-fingerprint";
const fingerprint = sourceFingerprint();
const built =
  existsSync(".next/BUILD_ID") && existsSync(fingerprintFile) && readFileSync(fingerprintFile, "utf8") === fingerprint;
if (!built) {
  console.log("Building the app (about half a minute)…");
  run([process.execPath, "node_modules/next/dist/bin/next", "build"]);
  writeFileSync(fingerprintFile, fingerprint);
}

const children: ChildProcess[] = [
  // Not under the react-server condition: Next.js renders with its own module graph.
  spawn(process.execPath, ["--import", "tsx", "scripts/web-server.ts"], { stdio: "inherit", env: childEnv }),
  spawn(tsNode[0]!, [...tsNode.slice(1), "scripts/worker.ts"], { stdio: "inherit", env: childEnv }),
  spawn(tsNode[0]!, [...tsNode.slice(1), "scripts/scheduler.ts"], { stdio: "inherit", env: childEnv }),
];
console.log(`Backup Center: ${childEnv.NEXTAUTH_URL}`);

let stopping = false;
function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5000).unref();
}
for (const child of children) child.on("exit", (code) => stopAll(code ?? 1));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stopAll(0));
process.on("exit", () => children.forEach((c) => c.exitCode === null && c.kill("SIGTERM")));
