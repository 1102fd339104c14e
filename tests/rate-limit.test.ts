// Integration: sign-in throttling counted in the real (per-file) SQLite database, and password checks.
import { describe, expect, test } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { releaseSignInAttempt, reserveSignInAttempt, signInLimits, type ThrottleKeys } from "@/lib/auth/rate-limit";
import { prisma } from "@/lib/db";

const minutes = (n: number) => n * 60_000;
const fifteenMinutes = minutes(15);
const t0 = new Date("2026-11-01T12:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

// Each test uses its own account and ip, so the counters of one test never affect another.
let counter = 0;
function freshKeys(): ThrottleKeys {
  counter += 1;
  return { account: `user${counter}@example.test`, ip: `203.0.113.${counter}` };
}

/** `times` attempts that all fail (nothing is released); returns each one's wait. */
async function attempt(keys: ThrottleKeys, times: number, now = t0): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < times; i++) waits.push(await reserveSignInAttempt(keys, now));
  return waits;
}

describe("sign-in throttling", () => {
  test("the limits are 5 per account and 30 per ip in 15-minute windows", () => {
    expect(signInLimits).toEqual({
      account: { max: 5, windowMs: fifteenMinutes },
      ip: { max: 30, windowMs: fifteenMinutes },
    });
  });

  test("5 attempts may check a password; the 6th waits out the window from any ip", async () => {
    const keys = freshKeys();
    expect(await attempt(keys, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(await reserveSignInAttempt(keys, t0)).toBe(fifteenMinutes);
    expect(await reserveSignInAttempt({ account: keys.account, ip: "198.51.100.77" }, t0)).toBe(fifteenMinutes);
    // The account key ignores letter case.
    expect(await reserveSignInAttempt({ account: keys.account.toUpperCase(), ip: "198.51.100.78" }, t0)).toBe(
      fifteenMinutes,
    );
    // The wait counts down within the window, and later attempts do not extend it.
    expect(await reserveSignInAttempt(keys, at(minutes(10)))).toBe(minutes(5));
  });

  test("with the real clock, the wait after 5 failures is about 15 minutes", async () => {
    const keys = freshKeys();
    for (let i = 0; i < 5; i++) await reserveSignInAttempt(keys);
    const wait = await reserveSignInAttempt(keys);
    expect(wait).toBeGreaterThan(fifteenMinutes - 10_000);
    expect(wait).toBeLessThanOrEqual(fifteenMinutes);
  });

  test("a different account, from the same or another ip, is unaffected by an account block", async () => {
    const blocked = freshKeys();
    await attempt(blocked, 6);
    expect(await reserveSignInAttempt(freshKeys(), t0)).toBe(0);
    expect(await reserveSignInAttempt({ account: "someone.else@example.test", ip: blocked.ip }, t0)).toBe(0);
  });

  test("a success releases its slot: the account starts afresh and the ip gets its slot back", async () => {
    const keys = freshKeys();
    await attempt(keys, 4);
    expect(await reserveSignInAttempt(keys, t0)).toBe(0);
    await releaseSignInAttempt({ account: keys.account.toUpperCase(), ip: keys.ip });
    expect(await prisma.rateLimit.findUnique({ where: { key: `signin:account:${keys.account}` } })).toBeNull();
    expect((await prisma.rateLimit.findUnique({ where: { key: `signin:ip:${keys.ip}` } }))?.count).toBe(4);
    expect(await attempt(keys, 5)).toEqual([0, 0, 0, 0, 0]);
  });

  test("the block ends with the window, and a new window counts from 1", async () => {
    const keys = freshKeys();
    await attempt(keys, 6);
    expect(await reserveSignInAttempt(keys, at(minutes(14)))).toBe(minutes(1));
    expect(await attempt(keys, 5, at(minutes(16)))).toEqual([0, 0, 0, 0, 0]);
    expect(await reserveSignInAttempt(keys, at(minutes(16)))).toBe(fifteenMinutes);
  });

  test("30 attempts from one ip across different accounts block that ip for any account", async () => {
    const { ip } = freshKeys();
    for (let i = 0; i < 30; i++)
      expect(await reserveSignInAttempt({ account: `spray${i}@example.test`, ip }, t0)).toBe(0);
    expect(await reserveSignInAttempt({ account: "victim@example.test", ip }, t0)).toBe(fifteenMinutes);
    // The sprayed accounts themselves have one attempt each, so from another ip they are fine.
    expect(await reserveSignInAttempt({ account: "spray0@example.test", ip: "198.51.100.200" }, t0)).toBe(0);
    // The ip block also ends with its window.
    expect(await reserveSignInAttempt({ account: "victim@example.test", ip }, at(minutes(16)))).toBe(0);
  });

  test("a burst of 40 concurrent attempts gets exactly 5 reservations", async () => {
    const keys = freshKeys();
    const waits = await Promise.all(Array.from({ length: 40 }, () => reserveSignInAttempt(keys, t0)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect((await prisma.rateLimit.findUnique({ where: { key: `signin:account:${keys.account}` } }))?.count).toBe(40);
  });
});

describe("verifyPassword", () => {
  test("accepts the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  test("a null hash (no such account) never verifies, even with the internal dummy password", async () => {
    expect(await verifyPassword(null, "anything")).toBe(false);
    expect(await verifyPassword(null, "no account has this password")).toBe(false);
  });

  test("a malformed hash is a failed check, not an error", async () => {
    expect(await verifyPassword("unused", "unused")).toBe(false);
    expect(await verifyPassword("", "")).toBe(false);
  });

  test("two hashes of one password differ (salted) and both verify", async () => {
    const [a, b] = await Promise.all([hashPassword("s3cret!"), hashPassword("s3cret!")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "s3cret!")).toBe(true);
    expect(await verifyPassword(b, "s3cret!")).toBe(true);
  });
});
