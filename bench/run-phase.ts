// Starts one phase (bench/phase.ts) in a child process of its own, with this process's
// environment (DATABASE_URL included), and reads back its result line.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { resultMarker, type PhaseConfig, type PhaseName, type PhaseResult } from "./shared";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const running = new Set<ChildProcess>();

export function runPhase(phase: PhaseName, config: PhaseConfig): Promise<PhaseResult> {
  return new Promise((resolvePhase, reject) => {
    const proc = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", join(root, "bench", "phase.ts"), phase, JSON.stringify(config)],
      { cwd: root, env: process.env, stdio: ["ignore", "pipe", "inherit"] },
    );
    running.add(proc);
    let stdout = "";
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (data: string) => (stdout += data));
    proc.on("error", reject);
    proc.on("close", (code, signal) => {
      running.delete(proc);
      const line = stdout.split("\n").find((l) => l.startsWith(resultMarker));
      if (code !== 0 || !line) {
        reject(new Error(`phase ${phase} failed (exit ${code ?? signal}):\n${stdout}`));
        return;
      }
      resolvePhase(JSON.parse(line.slice(resultMarker.length)) as PhaseResult);
    });
  });
}

/** Ends the phases still running (the bench was interrupted or failed). */
export function stopPhases(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
}
