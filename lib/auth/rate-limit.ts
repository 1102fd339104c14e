import "server-only";
import { prisma } from "../db";

// Sign-in throttling: fixed windows counted in the database so every app process sees the same
// counts. Each attempt reserves its slot before the password is checked, so no burst of
// concurrent attempts gets more than `max` passwords checked; a success gives its slot back.
export const signInLimits = {
  account: { max: 5, windowMs: 15 * 60_000 },
  ip: { max: 30, windowMs: 15 * 60_000 },
} as const;

export type ThrottleKeys = { account: string; ip: string };

const accountKey = (account: string) => `signin:account:${account.toLowerCase()}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;

function keysOf({ account, ip }: ThrottleKeys) {
  return [
    { key: accountKey(account), ...signInLimits.account },
    { key: ipKey(ip), ...signInLimits.ip },
  ];
}

/**
 * Counts one attempt per key in a single upsert that returns the new count, so concurrent attempts
 * from any number of processes each see a distinct count (plain SQL that SQLite and PostgreSQL
 * both run). Returns the milliseconds until sign-in is allowed again, or 0 when this attempt may
 * check its password.
 */
export async function reserveSignInAttempt(keys: ThrottleKeys, now = new Date()): Promise<number> {
  let wait = 0;
  for (const { key, max, windowMs } of keysOf(keys)) {
    const resetAt = new Date(now.getTime() + windowMs);
    const [reserved] = await prisma.$queryRaw<{ count: number | bigint }[]>`
      INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES (${key}, 1, ${resetAt})
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN 1 ELSE "RateLimit"."count" + 1 END,
        "resetAt" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN ${resetAt} ELSE "RateLimit"."resetAt" END
      RETURNING "count"`;
    if (Number(reserved?.count ?? 0) > max) {
      const row = await prisma.rateLimit.findUnique({ where: { key } });
      wait = Math.max(wait, (row?.resetAt.getTime() ?? resetAt.getTime()) - now.getTime(), 1);
    }
  }
  return wait;
}

/** A successful sign-in: the account starts afresh, and the address gets its slot back. */
export async function releaseSignInAttempt(keys: ThrottleKeys): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key: accountKey(keys.account) } });
  await prisma.rateLimit.updateMany({
    where: { key: ipKey(keys.ip), count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}
