import "server-only";
import { prisma } from "../db";

/**
 * Deletes sign-in throttle rows whose window has ended; run by the lifecycle scheduler so one row
 * per address and account ever tried does not pile up. Deleting an expired row is the same as
 * what the next attempt would do to it (start a fresh window at 1), so it can race with sign-ins
 * from any process without changing a count that still matters.
 */
export async function purgeExpiredRateLimits(options: { now: Date }): Promise<{ purged: number }> {
  const { count } = await prisma.rateLimit.deleteMany({ where: { resetAt: { lte: options.now } } });
  return { purged: count };
}
