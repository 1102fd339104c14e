import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { env } from "./lib/env";

// The CLI does not load .env itself when a config file exists.
if (existsSync(".env")) process.loadEnvFile(".env");
// The schema's url = env("DATABASE_URL") must resolve, or the CLI tries to download an engine.
process.env.DATABASE_URL ??= env().DATABASE_URL;
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const file = process.env.DATABASE_URL!.replace(/^file:/, "");
    mkdirSync(dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: file });
  },
});
