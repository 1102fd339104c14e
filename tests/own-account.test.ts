// The account page's actions: each user changes their own password (current one required, the one
// strength rule, wrong guesses throttled) and signs out of all sessions; both end every open
// session of the account, this one included, and act on the caller's own account only.
import { beforeEach, describe, expect, test, vi } from "vitest";
import { changePasswordAction, signOutEverywhereAction } from "@/app/account/actions";
import { authorizeCredentials } from "@/lib/auth/authorize-credentials";
import type { Actor } from "@/lib/auth/policy";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { signInLimits } from "@/lib/auth/rate-limit";
import { getActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { expectAccepted, expectRefused, patched, sessionEnded, snapshot, untrusted } from "./support/action-checks";
import { createActor, createTenant } from "./support/fixtures";
import { resetSession, sessionCookie, setSessionCookie, signInAs } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

beforeEach(() => resetSession());

const current = "the current passphrase";
const next = "a brand new passphrase";
let counter = 0;

/** A user with the password `current` and no admin role (the account page needs none). */
async function userWithPassword(): Promise<Actor> {
  counter += 1;
  const actor = await createActor(`account.${counter}@example.test`, []);
  await prisma.user.update({ where: { id: actor.userId }, data: { passwordHash: await hashPassword(current) } });
  return actor;
}

const change = (currentPassword: string, newPassword = next, confirmPassword = newPassword) =>
  changePasswordAction({ currentPassword, newPassword, confirmPassword });

/** The failure answer for a wrong field, with the message on that field. */
const fieldRefusal = (field: string, message: string) => ({
  code: "VALIDATION" as const,
  error: message,
  fieldErrors: { [field]: [message] },
});

describe("changing one's own password", () => {
  test("with the current password: argon2id, every session ends, the new one signs in", async () => {
    const actor = await userWithPassword();
    const thisBrowser = await signInAs(actor);
    const otherBrowser = await signInAs(actor);
    await prisma.setPasswordToken.create({
      data: { userId: actor.userId, tokenHash: `pending-${counter}`, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    setSessionCookie(thisBrowser);
    const before = await snapshot();
    const userBefore = before.world.users.find((u) => u.id === actor.userId)!;

    expect(await change(current)).toEqual({ ok: true, data: { signedOut: true } });

    const after = await snapshot();
    const userAfter = after.world.users.find((u) => u.id === actor.userId)!;
    expect(userAfter.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(userAfter.passwordHash, next)).toBe(true);
    expect(after.world).toEqual({
      ...before.world,
      users: patched(before.world.users, actor.userId, {
        passwordHash: userAfter.passwordHash,
        sessionVersion: userBefore.sessionVersion + 1,
      }),
      // A pending set-password link would otherwise set a password over the one just chosen.
      setPasswordTokens: before.world.setPasswordTokens.filter((token) => token.userId !== actor.userId),
    });
    expectAccepted(before, after, {
      actor,
      action: "account.password.change",
      instanceId: null,
      detail: "Changed their password; every session ended.",
    });
    expect(before.world.setPasswordTokens.some((token) => token.userId === actor.userId)).toBe(true);

    // Old sessions end on their next request, this one included.
    expect(await getActor()).toBeNull();
    setSessionCookie(otherBrowser);
    expect(await getActor()).toBeNull();
    await expect(authorizeCredentials({ email: actor.email, password: current }, "198.51.100.20")).rejects.toThrow();
    await expect(authorizeCredentials({ email: actor.email, password: next }, "198.51.100.20")).resolves.toMatchObject({
      id: actor.userId,
      sessionVersion: userBefore.sessionVersion + 1,
    });
  });

  test("a wrong current password is refused, field by field, and changes nothing", async () => {
    const actor = await userWithPassword();
    await signInAs(actor);
    const message = "The current password is incorrect.";
    await expectRefused(() => change("not my password"), {
      ...fieldRefusal("currentPassword", message),
      audit: { actor, action: "account.password.change", instanceId: null, detail: message },
    });
    // The session goes on: a typo must not sign anyone out.
    expect((await getActor())?.userId).toBe(actor.userId);
  });

  test("wrong current passwords are throttled with the account's sign-in attempts", async () => {
    const actor = await userWithPassword();
    await signInAs(actor);
    for (let i = 0; i < signInLimits.account.max; i++)
      expect(await change(`wrong guess ${i}`)).toMatchObject({ ok: false, code: "VALIDATION" });
    const message = "Too many wrong passwords. Wait a few minutes and try again.";
    // Even the right password is not checked now.
    await expectRefused(() => change(current), {
      ...fieldRefusal("currentPassword", message),
      audit: { actor, action: "account.password.change", instanceId: null, detail: message },
    });
    // The same budget as the sign-in page: it is spent there too.
    await expect(authorizeCredentials({ email: actor.email, password: current }, "198.51.100.21")).rejects.toThrow(
      /Too many sign-in attempts/,
    );
  });

  test.each([
    ["too short", "short", "newPassword", "Use at least 12 characters."],
    ["one repeated character", "aaaaaaaaaaaaaa", "newPassword", "Don't repeat one character; use a few words instead."],
    ["the demo password", "BackupCenter!1", "newPassword", "This password is publicly known. Choose another."],
    ["the current one", current, "newPassword", "Choose a password different from your current one."],
  ])("a new password that is %s is refused by the one strength rule", async (_what, password, field, message) => {
    const actor = await userWithPassword();
    await signInAs(actor);
    await expectRefused(() => change(current, password), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors: { [field]: [message] },
      audit: { actor, action: "account.password.change", instanceId: null, detail: "Invalid input: newPassword." },
    });
  });

  test("the confirmation must match", async () => {
    const actor = await userWithPassword();
    await signInAs(actor);
    await expectRefused(() => change(current, next, `${next}!`), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors: { confirmPassword: ["The two new passwords don't match."] },
      audit: { actor, action: "account.password.change", instanceId: null, detail: "Invalid input: confirmPassword." },
    });
  });

  test("a user who signs in only with single sign-on has no password to change", async () => {
    const tenant = await createTenant(`Sso only ${++counter}`);
    const user = await prisma.user.create({
      data: { email: `sso-only.${counter}@example.test`, name: "Sso", tenantId: tenant.id },
    });
    const actor: Actor = { userId: user.id, email: user.email, name: user.name, assignments: [] };
    await signInAs(actor);
    const message = "Your user has no password here: you sign in with single sign-on.";
    await expectRefused(() => change("anything at all"), {
      code: "FORBIDDEN",
      error: message,
      audit: { actor, action: "account.password.change", instanceId: null, detail: message },
    });
  });

  test("signed out, nothing is changed or audited", async () => {
    await signInAs(null);
    await expectRefused(() => change(current), sessionEnded);
  });
});

describe("signing out of all sessions", () => {
  test("ends every open session of the account, this one included, and only that account", async () => {
    const actor = await userWithPassword();
    const bystander = await userWithPassword();
    const bystanderCookie = await signInAs(bystander);
    const otherBrowser = await signInAs(actor);
    const thisBrowser = await signInAs(actor);
    const before = await snapshot();
    const version = before.world.users.find((u) => u.id === actor.userId)!.sessionVersion;

    // A client naming another user is not listened to: the account is the session's.
    expect(await signOutEverywhereAction(untrusted({ userId: bystander.userId }))).toEqual({
      ok: true,
      data: { signedOut: true },
    });

    const after = await snapshot();
    expect(after.world).toEqual({
      ...before.world,
      users: patched(before.world.users, actor.userId, { sessionVersion: version + 1 }),
    });
    expectAccepted(before, after, {
      actor,
      action: "account.sessions.revoke",
      instanceId: null,
      detail: "Signed out of every session.",
    });
    for (const cookie of [thisBrowser, otherBrowser]) {
      setSessionCookie(cookie);
      expect(await getActor()).toBeNull();
    }
    setSessionCookie(bystanderCookie);
    expect((await getActor())?.userId).toBe(bystander.userId);

    // Signing in again starts a session that works.
    await signInAs(actor);
    expect(sessionCookie()).toBeDefined();
    expect((await getActor())?.userId).toBe(actor.userId);
  });

  test("signed out, nothing is changed or audited", async () => {
    await signInAs(null);
    await expectRefused(() => signOutEverywhereAction({}), sessionEnded);
  });
});
