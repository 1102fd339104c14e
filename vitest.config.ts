import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // "server-only" throws outside React Server Components; tests run the server code directly.
      "server-only": fileURLToPath(new URL("./tests/support/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/per-file-setup.ts"],
    passWithNoTests: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Each file gets its own database copy, so files can run in parallel safely.
    fileParallelism: true,
    // The whole suite once per database (the embedded SQLite and a throwaway PostgreSQL cluster) on
    // local-disk storage, and what is about S3 storage on PostgreSQL with a throwaway radosgw. Each
    // project names its own files: a project's `include` adds to an inherited one, never replaces it.
    projects: [
      { extends: true, test: { name: "sqlite", include: ["tests/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "postgresql",
          include: ["tests/*.test.ts"],
          // About SQLite itself: its one-connection write lock, and the modes of its database files.
          exclude: ["tests/db-serialization.test.ts", "tests/file-modes.test.ts"],
        },
      },
      { extends: true, test: { name: "postgresql-s3", include: ["tests/s3/**/*.test.ts"] } },
    ],
  },
});
