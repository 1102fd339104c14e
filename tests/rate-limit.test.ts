// Integration: sign-in throttling counted in the real (per-file) SQLite database, and password checks.
import { describe, expect, test } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import {
  clearAccountFailures,
  recordSignInFailure,
  signInLimits,
  signInRetryAfter,
  type ThrottleKeys,
} from "@/lib/auth/rate-limit";
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

async function fail(keys: ThrottleKeys, times: number, now = t0) {
  for (let i = 0; i < times; i++) await recordSignInFailure(keys, now);
}

describe("sign-in throttling", () => {
  test("the limits are 5 per account and 30 per ip in 15-minute windows", () => {
    expect(signInLimits).toEqual({
      account: { max: 5, windowMs: fifteenMinutes },
      ip: { max: 30, windowMs: fifteenMinutes },
    });
  });

  test("nothing is throttled before any failure", async () => {
    expect(await signInRetryAfter(freshKeys(), t0)).toBe(0);
    expect(await signInRetryAfter(freshKeys())).toBe(0);
  });

  test("4 failures are still allowed; the 5th blocks the account for 15 minutes from any ip", async () => {
    const keys = freshKeys();
    await fail(keys, 4);
    expect(await signInRetryAfter(keys, t0)).toBe(0);

    await recordSignInFailure(keys, t0);
    expect(await signInRetryAfter(keys, t0)).toBe(fifteenMinutes);
    expect(await signInRetryAfter({ account: keys.account, ip: "198.51.100.77" }, t0)).toBe(fifteenMinutes);
    // The account key ignores letter case.
    expect(await signInRetryAfter({ account: keys.account.toUpperCase(), ip: "198.51.100.78" }, t0)).toBe(
      fifteenMinutes,
    );
    // The wait counts down within the window.
    expect(await signInRetryAfter(keys, at(minutes(10)))).toBe(minutes(5));
  });

  test("with the real clock, the wait after 5 failures is about 15 minutes", async () => {
    const keys = freshKeys();
    for (let i = 0; i < 5; i++) await recordSignInFailure(keys);
    const wait = await signInRetryAfter(keys);
    expect(wait).toBeGreaterThan(fifteenMinutes - 10_000);
    expect(wait).toBeLessThanOrEqual(fifteenMinutes);
  });

  test("failures in the window keep its end: later failures do not extend the block", async () => {
    const keys = freshKeys();
    await fail(keys, 3, t0);
    await fail(keys, 2, at(minutes(5)));
    expect(await signInRetryAfter(keys, at(minutes(5)))).toBe(minutes(10));
  });

  test("a different account from a different ip is unaffected", async () => {
    const blocked = freshKeys();
    await fail(blocked, 5);
    expect(await signInRetryAfter(blocked, t0)).toBeGreaterThan(0);
    expect(await signInRetryAfter(freshKeys(), t0)).toBe(0);
  });

  test("a different account from the same ip is unaffected by the account block", async () => {
    const blocked = freshKeys();
    await fail(blocked, 5);
    expect(await signInRetryAfter({ account: "someone.else@example.test", ip: blocked.ip }, t0)).toBe(0);
  });

  test("clearAccountFailures resets the account (whatever the letter case)", async () => {
    const keys = freshKeys();
    await fail(keys, 5);
    expect(await signInRetryAfter(keys, t0)).toBeGreaterThan(0);

    await clearAccountFailures(keys.account.toUpperCase());
    expect(await signInRetryAfter(keys, t0)).toBe(0);
    // The count starts again from zero: 4 more failures do not block.
    await fail(keys, 4);
    expect(await signInRetryAfter(keys, t0)).toBe(0);
  });

  test("clearing the account leaves the ip counter alone", async () => {
    const keys = freshKeys();
    await fail(keys, 5);
    await clearAccountFailures(keys.account);
    const ipRow = await prisma.rateLimit.findUnique({ where: { key: `signin:ip:${keys.ip}` } });
    expect(ipRow?.count).toBe(5);
  });

  test("the block ends with the window: 16 minutes later sign-in is allowed, and a new window starts", async () => {
    const keys = freshKeys();
    await fail(keys, 5);
    expect(await signInRetryAfter(keys, at(minutes(14)))).toBe(minutes(1));
    expect(await signInRetryAfter(keys, at(fifteenMinutes))).toBe(0);
    expect(await signInRetryAfter(keys, at(minutes(16)))).toBe(0);

    // A failure after the window counts from 1 again.
    await fail(keys, 4, at(minutes(16)));
    expect(await signInRetryAfter(keys, at(minutes(16)))).toBe(0);
    await recordSignInFailure(keys, at(minutes(16)));
    expect(await signInRetryAfter(keys, at(minutes(16)))).toBe(fifteenMinutes);
  });

  test("30 failures from one ip across different accounts block that ip for any account", async () => {
    const { ip } = freshKeys();
    for (let i = 0; i < 29; i++) await recordSignInFailure({ account: `spray${i}@example.test`, ip }, t0);
    expect(await signInRetryAfter({ account: "victim@example.test", ip }, t0)).toBe(0);

    await recordSignInFailure({ account: "spray29@example.test", ip }, t0);
    expect(await signInRetryAfter({ account: "victim@example.test", ip }, t0)).toBe(fifteenMinutes);
    // The sprayed accounts themselves have one failure each, so from another ip they are fine.
    expect(await signInRetryAfter({ account: "spray0@example.test", ip: "198.51.100.200" }, t0)).toBe(0);
    // The ip block also ends with its window.
    expect(await signInRetryAfter({ account: "victim@example.test", ip }, at(minutes(16)))).toBe(0);
  });

  test("concurrent failures are all counted", async () => {
    const keys = freshKeys();
    await Promise.all(Array.from({ length: 5 }, () => recordSignInFailure(keys, t0)));
    expect(await signInRetryAfter(keys, t0)).toBe(fifteenMinutes);
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
