// The two schemas and their migrations stay in step: the PostgreSQL schema is the SQLite one with
// only the provider and client output changed, and on each database the migrated tables are exactly
// what its schema describes (introspected with `prisma db pull`, compared with `prisma migrate diff`),
// so a schema edit without a migration for both providers fails here.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { databaseProvider } from "@/lib/env";
import { derivePostgresqlSchema, postgresqlSchemaPath, sqliteSchemaPath } from "@/scripts/derive-postgresql-schema";

const prismaCli = (args: string[]) =>
  spawnSync(process.execPath, ["node_modules/prisma/build/index.js", ...args], {
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });

/**
 * What `db pull` prints, as a schema `migrate diff` accepts: without the CLI's warnings before it,
 * and with enum defaults as enum values (SQLite has no enums, so it reads them back as strings).
 */
function introspectedSchema(schema: string): string {
  const pulled = execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "db", "pull", "--print"], {
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const enums = [...schema.matchAll(/^enum (\w+) \{/gm)].map((match) => match[1]);
  const enumDefault = new RegExp(`^(\\s+\\w+\\s+(?:${enums.join("|")})\\??\\s+.*?)@default\\("(\\w+)"\\)`, "gm");
  return pulled.slice(pulled.indexOf("generator ")).replace(enumDefault, "$1@default($2)");
}

test("the PostgreSQL schema is the one derived from the SQLite schema", () => {
  expect(readFileSync(postgresqlSchemaPath, "utf8")).toBe(
    derivePostgresqlSchema(readFileSync(sqliteSchemaPath, "utf8")),
  );
});

test("the migrated database matches its schema", () => {
  const schemaPath = databaseProvider() === "postgresql" ? postgresqlSchemaPath : sqliteSchemaPath;
  const dir = mkdtempSync(join(tmpdir(), "backup-center-schema-"));
  try {
    const pulled = join(dir, "pulled.prisma");
    writeFileSync(pulled, introspectedSchema(readFileSync(schemaPath, "utf8")));
    const diff = prismaCli([
      "migrate",
      "diff",
      "--from-schema-datamodel",
      pulled,
      "--to-schema-datamodel",
      schemaPath,
      "--exit-code",
    ]);
    expect(diff.stdout + diff.stderr).toContain("No difference detected.");
    expect(diff.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
