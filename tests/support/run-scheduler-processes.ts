// Starts two scheduler processes (tests/support/scheduler-process.ts) on the test database at the
// same moment, each running `job` for every simulated time; returns what each one says it queued.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export async function runTwoSchedulers(options: { job: "system-backups" | "verifications"; times: string[] }) {
  const startAt = String(Date.now() + 4000);
  const scheduler = () =>
    execFileAsync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "tests/support/scheduler-process.ts"],
      {
        env: {
          ...process.env,
          SCHEDULER_JOB: options.job,
          SCHEDULER_TIMES: options.times.join(","),
          SCHEDULER_START_AT: startAt,
        },
      },
    );
  const outputs = await Promise.all([scheduler(), scheduler()]);
  return outputs.map(({ stdout }) =>
    stdout
      .trim()
      .split("\n")
      .flatMap((line) => JSON.parse(line) as string[]),
  );
}
