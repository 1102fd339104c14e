// Sign-in hardening: where a callback may lead, the throttle under a concurrent burst, which address
// is throttled, and how long a session token is honoured.
import type { JWT } from "next-auth/jwt";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { authorizeCredentials, signInErrors } from "@/lib/auth/authorize-credentials";
import { clientAddress, parseTrustedProxies } from "@/lib/auth/client-address";
import { authOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { safeCallback } from "@/lib/auth/safe-callback";
import { getActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { createActor } from "./support/fixtures";
import { encodeSessionToken, resetSession, setSessionCookie, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

beforeEach(() => resetSession());

describe("callback after sign-in", () => {
  test.each([
    "/\\evil.example/x",
    "/\t/evil.example",
    "/\\/evil.example",
    "//evil.example",
    "/.//evil.example",
    "/\n/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "instances",
    "",
  ])("%j is not followed", (value) => {
    expect(safeCallback(value)).toBe("/instances");
  });

  test("paths on this app are kept with their query and hash", () => {
    expect(safeCallback("/backups?instance=abc&backup=def#details")).toBe("/backups?instance=abc&backup=def#details");
    expect(safeCallback("/%5Cevil.example/x")).toBe("/%5Cevil.example/x");
    expect(safeCallback(["/backups"])).toBe("/instances");
    expect(safeCallback(undefined)).toBe("/instances");
  });

  test("next-auth's own redirects go through the same rule", async () => {
    const redirect = authOptions.callbacks!.redirect!;
    const baseUrl = "http://localhost:3000";
    expect(await redirect({ url: "/backups", baseUrl })).toBe(`${baseUrl}/backups`);
    expect(await redirect({ url: `${baseUrl}/backups?x=1`, baseUrl })).toBe(`${baseUrl}/backups?x=1`);
    expect(await redirect({ url: "/\\evil.example/x", baseUrl })).toBe(`${baseUrl}/instances`);
    expect(await redirect({ url: "http://localhost:3000.evil.example/", baseUrl })).toBe(`${baseUrl}/instances`);
  });
});

describe("throttle under a burst", () => {
  test("40 concurrent sign-ins for one account get at most 5 passwords checked, the right one included", async () => {
    const email = "burst@example.test";
    await prisma.user.create({ data: { email, name: "Burst", passwordHash: await hashPassword("right password") } });
    const attempts = Array.from({ length: 40 }, (_, i) => (i === 39 ? "right password" : `wrong ${i}`));
    const answers = await Promise.all(
      attempts.map((password) =>
        authorizeCredentials({ email, password }, "198.51.100.1").then(
          () => "signed in",
          (error: Error) => error.message,
        ),
      ),
    );
    const checked = answers.filter((answer) => answer !== signInErrors.throttled);
    expect(checked.length).toBe(5);
    expect(answers.filter((answer) => answer === signInErrors.throttled)).toHaveLength(35);
    // The 40th attempt came after 5 others had reserved the account's slots, so it was refused unchecked.
    expect(answers[39]).toBe(signInErrors.throttled);
  });
});

describe("client address", () => {
  const none = parseTrustedProxies("");
  const proxies = parseTrustedProxies("10.0.0.0/8, ::1");

  test("without trusted proxies the connection's address counts, whatever X-Forwarded-For says", () => {
    expect(clientAddress({ socketAddress: "203.0.113.9", forwardedFor: "198.51.100.1", trusted: none })).toBe(
      "203.0.113.9",
    );
    expect(clientAddress({ socketAddress: "::ffff:203.0.113.9", forwardedFor: undefined, trusted: none })).toBe(
      "203.0.113.9",
    );
    expect(clientAddress({ socketAddress: undefined, forwardedFor: "198.51.100.1", trusted: none })).toBe("unknown");
  });

  test("behind trusted proxies, the right-most address they did not add counts", () => {
    const trusted = proxies;
    // The client wrote "1.2.3.4"; the proxy appended the real peer.
    expect(clientAddress({ socketAddress: "10.1.2.3", forwardedFor: "1.2.3.4, 203.0.113.9", trusted })).toBe(
      "203.0.113.9",
    );
    expect(clientAddress({ socketAddress: "::1", forwardedFor: ["1.2.3.4", "203.0.113.9, 10.0.0.5"], trusted })).toBe(
      "203.0.113.9",
    );
    // Garbage in the header stops the walk at the last trusted hop.
    expect(clientAddress({ socketAddress: "10.1.2.3", forwardedFor: "not-an-ip", trusted })).toBe("10.1.2.3");
  });

  test("a bad TRUSTED_PROXIES entry is refused with its text", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustedProxies("proxy.example")).toThrow(/proxy\.example/);
  });
});

describe("session lifetime", () => {
  const maxAge = 8 * 3600;
  type JwtParams = Parameters<NonNullable<NonNullable<typeof authOptions.callbacks>["jwt"]>>[0];
  const jwt = (token: JWT) => authOptions.callbacks!.jwt!({ token } as JwtParams);

  test("the token's lifetime is the session setting, not next-auth's 30 days", () => {
    expect(authOptions.session!.maxAge).toBe(maxAge);
    expect(authOptions.jwt!.maxAge).toBe(maxAge);
  });

  test("a token older than the setting by sign-in time is refused, however recently it was re-issued", async () => {
    const actor = await createActor("lifetime@example.test", [{ role: "GlobalAdmin" }]);
    const now = Math.floor(Date.now() / 1000);
    setSessionCookie(await encodeSessionToken({ uid: actor.userId, sv: 0, at: now - maxAge - 5 }));
    expect(await getActor()).toBeNull();
    await expect(jwt({ uid: actor.userId, sv: 0, at: now - maxAge - 5 })).rejects.toThrow(/expired/);
    // A token from before this rule (no sign-in time) is refused too.
    setSessionCookie(await encodeSessionToken({ uid: actor.userId, sv: 0 }));
    expect(await getActor()).toBeNull();
    await signInAs(actor);
    expect((await getActor())?.userId).toBe(actor.userId);
    await expect(jwt({ uid: actor.userId, sv: 0, at: now - 60 })).resolves.toMatchObject({ uid: actor.userId });
  });

  test("a revoked token is not re-issued: the session route answers nothing for it", async () => {
    const actor = await createActor("revoked@example.test", [{ role: "GlobalAdmin" }]);
    const token = { uid: actor.userId, sv: 0, at: Math.floor(Date.now() / 1000), email: actor.email };
    await prisma.user.update({ where: { id: actor.userId }, data: { sessionVersion: { increment: 1 } } });
    await expect(jwt(token)).rejects.toThrow(/revoked/);
    await expect(jwt({ ...token, uid: "cl00000000000000000000ff" })).rejects.toThrow(/revoked/);
  });
});

describe("disabled users", () => {
  type JwtParams = Parameters<NonNullable<NonNullable<typeof authOptions.callbacks>["jwt"]>>[0];
  const jwt = (token: JWT) => authOptions.callbacks!.jwt!({ token } as JwtParams);

  test("a disabled user cannot sign in, and their open session ends on the next request", async () => {
    const email = "disabled@example.test";
    const user = await prisma.user.create({ data: { email, name: "Dee", passwordHash: await hashPassword("pass") } });
    await signInAs({ userId: user.id });
    expect((await getActor())?.userId).toBe(user.id);
    const token = { uid: user.id, sv: 0, at: Math.floor(Date.now() / 1000), email };
    await expect(jwt(token)).resolves.toMatchObject({ uid: user.id });

    // The session version stays as it was: being disabled is enough on its own.
    await prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await getActor()).toBeNull();
    await expect(jwt(token)).rejects.toThrow(/revoked/);
    await expect(authorizeCredentials({ email, password: "pass" }, "198.51.100.7")).rejects.toThrow(
      signInErrors.invalid,
    );

    await prisma.user.update({ where: { id: user.id }, data: { disabledAt: null } });
    expect((await getActor())?.userId).toBe(user.id);
    await expect(authorizeCredentials({ email, password: "pass" }, "198.51.100.7")).resolves.toMatchObject({
      id: user.id,
    });
  });

  test("a user with no password yet cannot sign in with any password", async () => {
    const email = "no-password@example.test";
    await prisma.user.create({ data: { email, name: "Nopa" } });
    await expect(authorizeCredentials({ email, password: "" }, "198.51.100.8")).rejects.toThrow(signInErrors.invalid);
    await expect(authorizeCredentials({ email, password: "anything" }, "198.51.100.8")).rejects.toThrow(
      signInErrors.invalid,
    );
  });
});
