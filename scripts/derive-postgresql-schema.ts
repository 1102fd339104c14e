// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma. Prisma fixes one provider per
// schema, so the SQLite schema is the one source and the PostgreSQL one differs only in its
// datasource provider and the client's output; `npm test` checks the committed copy is current.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const sqliteSchemaPath = "prisma/schema.prisma";
export const postgresqlSchemaPath = "prisma/postgresql/schema.prisma";

export function derivePostgresqlSchema(sqliteSchema: string): string {
  const generator = /generator client \{\n([^}]*)\}/;
  const datasource = /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/;
  if (!generator.test(sqliteSchema) || !datasource.test(sqliteSchema)) {
    throw new Error(`${sqliteSchemaPath} no longer has the generator or datasource this script rewrites.`);
  }
  return (
    `// Generated from ${sqliteSchemaPath} by scripts/derive-postgresql-schema.ts: edit that one.\n` +
    sqliteSchema
      .replace(
        generator,
        (_, body: string) =>
          `generator client {\n${body}  output     = "../../node_modules/@backup-center/prisma-postgresql"\n}`,
      )
      .replace(datasource, '$1"postgresql"')
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(postgresqlSchemaPath, derivePostgresqlSchema(readFileSync(sqliteSchemaPath, "utf8")));
  console.log(`wrote ${postgresqlSchemaPath}`);
}
