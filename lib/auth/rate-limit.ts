import "server-only";
import { prisma } from "../db";
import { countAttempt } from "../sql/count-attempt";

// Throttling (sign-in, first-run setup): fixed windows counted in the database so every app
// process sees the same counts. Each attempt reserves its slot before the password is checked, so no burst of
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

export type AttemptLimit = { key: string; max: number; windowMs: number };

/**
 * Counts one attempt per key (each count atomic, so concurrent attempts from any number of
 * processes each see a distinct one). Returns the milliseconds until an attempt is allowed again, or 0 when this one may go
 * on. Used for sign-in and for first-run setup codes.
 */
export async function reserveAttempts(limits: readonly AttemptLimit[], now = new Date()): Promise<number> {
  let wait = 0;
  for (const { key, max, windowMs } of limits) {
    const resetAt = new Date(now.getTime() + windowMs);
    if ((await countAttempt({ key, now, resetAt })) > max) {
      const row = await prisma.rateLimit.findUnique({ where: { key } });
      wait = Math.max(wait, (row?.resetAt.getTime() ?? resetAt.getTime()) - now.getTime(), 1);
    }
  }
  return wait;
}

/** A sign-in attempt: counted per account and per client address before the password is checked. */
export function reserveSignInAttempt(keys: ThrottleKeys, now = new Date()): Promise<number> {
  return reserveAttempts(keysOf(keys), now);
}

/** A successful sign-in: the account starts afresh, and the address gets its slot back. */
export async function releaseSignInAttempt(keys: ThrottleKeys): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key: accountKey(keys.account) } });
  await prisma.rateLimit.updateMany({
    where: { key: ipKey(keys.ip), count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}
