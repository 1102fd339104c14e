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

export async function recordSignInFailure(keys: ThrottleKeys, now = new Date()): Promise<void> {
  for (const { key, windowMs } of keysOf(keys)) {
    const resetAt = new Date(now.getTime() + windowMs);
    await prisma.$transaction(async (tx) => {
      const row = await tx.rateLimit.findUnique({ where: { key } });
      if (!row || row.resetAt <= now) {
        await tx.rateLimit.upsert({
          where: { key },
          create: { key, count: 1, resetAt },
          update: { count: 1, resetAt },
        });
      } else {
        await tx.rateLimit.update({ where: { key }, data: { count: { increment: 1 } } });
      }
    });
  }
}

export async function clearAccountFailures(account: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key: `signin:account:${account.toLowerCase()}` } });
}
