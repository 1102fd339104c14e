import "server-only";
import { prisma } from "../db";

/**
 * Counts one attempt under `key` and returns the new count, in one upsert: the count restarts at 1
 * once the window has passed. A single statement, so concurrent attempts from any number of
 * processes each see a distinct count; Prisma's upsert cannot compute the new value from the old.
 * Plain SQL that SQLite and PostgreSQL both run.
 */
export async function countAttempt(options: { key: string; now: Date; resetAt: Date }): Promise<number> {
  const { key, now, resetAt } = options;
  const [counted] = await prisma.$queryRaw<{ count: number | bigint }[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES (${key}, 1, ${resetAt})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN ${resetAt} ELSE "RateLimit"."resetAt" END
    RETURNING "count"`;
  return Number(counted?.count ?? 0);
}
