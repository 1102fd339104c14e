import "server-only";
import { prisma } from "../db";

// Sign-in throttling: fixed windows counted in the database so every app process sees the same
// counts. Only failures count; a success clears the account's counter.
export const signInLimits = {
  account: { max: 5, windowMs: 15 * 60_000 },
  ip: { max: 30, windowMs: 15 * 60_000 },
} as const;

export type ThrottleKeys = { account: string; ip: string };

function keysOf({ account, ip }: ThrottleKeys) {
  return [
    { key: `signin:account:${account.toLowerCase()}`, ...signInLimits.account },
    { key: `signin:ip:${ip}`, ...signInLimits.ip },
  ];
}

/** Milliseconds until sign-in is allowed again, or 0 when it is allowed now. */
export async function signInRetryAfter(keys: ThrottleKeys, now = new Date()): Promise<number> {
  let wait = 0;
  for (const { key, max } of keysOf(keys)) {
    const row = await prisma.rateLimit.findUnique({ where: { key } });
    if (row && row.resetAt > now && row.count >= max) {
      wait = Math.max(wait, row.resetAt.getTime() - now.getTime());
    }
  }
  return wait;
}

/**
 * Counts one failure per key in a single upsert, so concurrent sign-ins from several processes
 * never lose a count or fail on a lock (plain SQL that SQLite and PostgreSQL both run).
 */
export async function recordSignInFailure(keys: ThrottleKeys, now = new Date()): Promise<void> {
  for (const { key, windowMs } of keysOf(keys)) {
    const resetAt = new Date(now.getTime() + windowMs);
    await prisma.$executeRaw`
      INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES (${key}, 1, ${resetAt})
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN 1 ELSE "RateLimit"."count" + 1 END,
        "resetAt" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN ${resetAt} ELSE "RateLimit"."resetAt" END`;
  }
}

export async function clearAccountFailures(account: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key: `signin:account:${account.toLowerCase()}` } });
}
