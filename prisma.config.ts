import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProvider, env } from "./lib/env";
import { poolReportingCatalogTypesAsText } from "./prisma/catalog-types-as-text";

// The CLI does not load .env itself when a config file exists.
if (existsSync(".env")) process.loadEnvFile(".env");
// The schema's url = env("DATABASE_URL") must resolve, or the CLI tries to download an engine.
process.env.DATABASE_URL ??= env().DATABASE_URL;
process.env.CHECKPOINT_DISABLE ??= "1";

// DATABASE_URL's scheme picks the schema, its migrations and the adapter: prisma/ for SQLite,
// prisma/postgresql/ (derived from the SQLite schema) for PostgreSQL.
const postgresql = databaseProvider(process.env.DATABASE_URL) === "postgresql";
const folder = postgresql ? "prisma/postgresql" : "prisma";

export default defineConfig({
  schema: `${folder}/schema.prisma`,
  migrations: { path: `${folder}/migrations` },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const url = process.env.DATABASE_URL!;
    if (postgresql) return new PrismaPg(poolReportingCatalogTypesAsText(url), { disposeExternalPool: true });
    const file = url.replace(/^file:/, "");
    mkdirSync(dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: file });
  },
});
