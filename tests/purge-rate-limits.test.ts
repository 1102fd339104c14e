// Sign-in throttle rows (one per account and per address ever tried) are purged by the lifecycle
// scheduler once their window has ended; rows whose window is still open keep their counts.
import { beforeEach, describe, expect, test } from "vitest";
import { purgeExpiredRateLimits } from "@/lib/auth/purge-rate-limits";
import { reserveSignInAttempt, signInLimits } from "@/lib/auth/rate-limit";
import { prisma } from "@/lib/db";
import { runLifecycleJobs, runScheduler } from "@/lib/lifecycle/run-scheduler";

const minute = 60_000;
const now = new Date("2026-12-01T12:00:00Z");
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

async function keys() {
  return (await prisma.rateLimit.findMany({ orderBy: { key: "asc" } })).map((row) => row.key);
}

beforeEach(async () => {
  await prisma.rateLimit.deleteMany();
  await prisma.rateLimit.createMany({
    data: [
      { key: "signin:account:ended@contoso.test", count: 5, resetAt: at(-60 * minute) },
      { key: "signin:ip:203.0.113.7", count: 30, resetAt: at(-1) },
      { key: "signin:account:at-the-boundary@contoso.test", count: 2, resetAt: now },
      { key: "signin:account:locked@contoso.test", count: 6, resetAt: at(1) },
      { key: "signin:ip:198.51.100.9", count: 3, resetAt: at(10 * minute) },
    ],
  });
});

describe("purgeExpiredRateLimits", () => {
  test("deletes rows whose window has ended (resetAt at or before now) and keeps the others untouched", async () => {
    const open = await prisma.rateLimit.findMany({ where: { resetAt: { gt: now } }, orderBy: { key: "asc" } });
    expect(await purgeExpiredRateLimits({ now })).toEqual({ purged: 3 });
    expect(await prisma.rateLimit.findMany({ orderBy: { key: "asc" } })).toEqual(open);
    expect(await purgeExpiredRateLimits({ now })).toEqual({ purged: 0 });
  });

  test("a purged window counts as a fresh one, just as an expired row would: the lockout has ended", async () => {
    const locked = { account: "ended@contoso.test", ip: "203.0.113.7" };
    await purgeExpiredRateLimits({ now });
    expect(await reserveSignInAttempt(locked, now)).toBe(0);
    const rows = await prisma.rateLimit.findMany({
      where: { key: { in: ["signin:account:ended@contoso.test", "signin:ip:203.0.113.7"] } },
    });
    expect(rows.map((row) => [row.count, row.resetAt.getTime() - now.getTime()])).toEqual([
      [1, signInLimits.account.windowMs],
      [1, signInLimits.ip.windowMs],
    ]);
  });
});

describe("the lifecycle scheduler", () => {
  test("each pass of the lifecycle jobs purges expired throttle rows", async () => {
    const logged: string[] = [];
    await runLifecycleJobs(
      () => now,
      (message) => logged.push(message),
    );
    expect(await keys()).toEqual(["signin:account:locked@contoso.test", "signin:ip:198.51.100.9"]);
    expect(logged).toContain("removed 3 expired sign-in throttle row(s)");
  });

  test("the scheduler's start-up pass purges them at the real time", async () => {
    // Far in the past and far ahead, so the real clock puts them on either side of now.
    await prisma.rateLimit.deleteMany();
    await prisma.rateLimit.createMany({
      data: [
        { key: "signin:account:last-year@contoso.test", count: 5, resetAt: new Date(Date.now() - 365 * 86_400_000) },
        { key: "signin:account:next-year@contoso.test", count: 5, resetAt: new Date(Date.now() + 365 * 86_400_000) },
      ],
    });
    const controller = new AbortController();
    const stopped = runScheduler({ signal: controller.signal, log: () => {} });
    await expect.poll(() => prisma.rateLimit.count(), { timeout: 15_000 }).toBe(1);
    controller.abort();
    await stopped;
    expect(await keys()).toEqual(["signin:account:next-year@contoso.test"]);
  });
});
