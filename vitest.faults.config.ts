// `npm run test:faults`: the crash and fault suite (tests/faults). Real worker processes killed and
// paused, real files damaged, storage failing and filling up, races between processes, each file
// on its own freshly migrated database (the same setup as the main suite), once on SQLite and
// once on a throwaway PostgreSQL cluster.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      "server-only": fileURLToPath(new URL("./tests/support/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/faults/**/*.fault.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/per-file-setup.ts"],
    passWithNoTests: false,
    // Trials run many restores and process starts in one test; each file reports its own timings.
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: "forks",
    // Two files at a time, of both projects together: one file's lease waits overlap with another's
    // work on a 2-core machine, and take-overs still come within the lease and its slack.
    fileParallelism: true,
    maxWorkers: 2,
    // Every file on each database: the embedded SQLite, and a throwaway PostgreSQL cluster
    // (tests/support/global-setup.ts starts one when the project's name starts with "postgresql").
    projects: [
      { extends: true, test: { name: "sqlite" } },
      { extends: true, test: { name: "postgresql" } },
    ],
  },
});
