// Adding a user (initial password or one-time set-password link) and using the link: the one
// password rule, argon2id, e-mail uniqueness, and a link that is stored only as its SHA-256,
// expires, works once, and signs the user in through the "set-password" sign-in.
import { createHash } from "node:crypto";
import { verify } from "@node-rs/argon2";
import type { Tenant } from "@prisma/client";
import { beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { addUserAction } from "@/app/(admin)/users/actions";
import { authorizeCredentials } from "@/lib/auth/authorize-credentials";
import { authOptions } from "@/lib/auth/options";
import type { Actor } from "@/lib/auth/policy";
import { prisma } from "@/lib/db";
import { setPasswordLinkHours } from "@/lib/users/issue-set-password-token";
import { findSetPasswordLink } from "@/lib/users/find-set-password-link";
import { linkNotValid, setPasswordWithToken } from "@/lib/users/set-password-with-token";
import { expectAccepted, expectRefused, snapshot } from "./support/action-checks";
import { createTenant } from "./support/fixtures";
import { resetSession, signInAs } from "./support/session";
import { createMember } from "./support/user-estate";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

let tenant: Tenant;
let admin: Actor;
let counter = 0;

beforeAll(async () => {
  tenant = await createTenant("Adding");
  admin = await createMember(tenant, "Admin", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
});

beforeEach(async () => {
  resetSession();
  await signInAs(admin);
});

const tokenOf = (path: string) => path.replace(/^\/set-password\//, "");

/** Adds a user with a set-password link and returns their id and the link's token. */
async function invite() {
  await signInAs(admin);
  const email = `invitee.${++counter}@adding.test`;
  const result = await addUserAction({
    tenantId: tenant.id,
    name: `Invitee ${counter}`,
    email,
    credential: { kind: "link" },
  });
  if (!result.ok || !result.data.setPasswordPath) throw new Error(`invite failed: ${JSON.stringify(result)}`);
  resetSession();
  return { userId: result.data.userId, email, token: tokenOf(result.data.setPasswordPath) };
}

describe("add a user", () => {
  test("with an initial password: argon2id, lower-case e-mail, home tenant, no role, audited", async () => {
    const before = await snapshot();
    const result = await addUserAction({
      tenantId: tenant.id,
      name: "  Robin Rivera ",
      email: " Robin.Rivera@Adding.TEST ",
      credential: { kind: "password", password: "a perfectly long password" },
    });
    expect(result).toMatchObject({ ok: true, data: { setPasswordPath: null } });
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "robin.rivera@adding.test" } });
    expect(user).toMatchObject({ name: "Robin Rivera", tenantId: tenant.id, disabledAt: null });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verify(user.passwordHash!, "a perfectly long password")).toBe(true);
    expect(await prisma.roleAssignment.count({ where: { userId: user.id } })).toBe(0);
    expectAccepted(before, await snapshot(), {
      actor: admin,
      action: "user.add",
      instanceId: null,
      tenantId: tenant.id,
      detail: "Added Robin Rivera (robin.rivera@adding.test) to Adding, with an initial password.",
    });
    await expect(
      authorizeCredentials({ email: "robin.rivera@adding.test", password: "a perfectly long password" }, "192.0.2.20"),
    ).resolves.toMatchObject({ id: user.id });
  });

  test("an e-mail already in use, in any tenant or letter case, is a Conflict on the e-mail field", async () => {
    const elsewhere = await createMember(await createTenant("Elsewhere"), "Taken");
    const message = "A user with this e-mail address already exists.";
    await expectRefused(
      () =>
        addUserAction({
          tenantId: tenant.id,
          name: "Copy",
          email: elsewhere.email.toUpperCase(),
          credential: { kind: "password", password: "another long password" },
        }),
      {
        code: "CONFLICT",
        error: message,
        fieldErrors: { email: [message] },
        audit: { actor: admin, action: "user.add", instanceId: null, tenantId: tenant.id },
      },
    );
  });

  test("the password rule, the name and the e-mail are checked field by field; nothing changes", async () => {
    const result = await expectRefused(
      () =>
        addUserAction({
          tenantId: tenant.id,
          name: " ",
          email: "not an address",
          credential: { kind: "password", password: "short" },
        }),
      {
        code: "VALIDATION",
        error: "Check the highlighted fields.",
        fieldErrors: expect.any(Object),
        audit: {
          actor: admin,
          action: "user.add",
          instanceId: null,
          detail: "Invalid input: name, email, credential.",
        },
      },
    );
    expect(result.ok === false && result.fieldErrors).toEqual({
      name: ["Enter a name."],
      email: ["Enter an e-mail address such as name@example.com."],
      credential: ["Use at least 12 characters."],
    });
  });

  test("single sign-on only is refused while single sign-on is not set up", async () => {
    const message = "Single sign-on is not set up.";
    await expectRefused(
      () =>
        addUserAction({
          tenantId: tenant.id,
          name: "No way in",
          email: "no.way@adding.test",
          credential: { kind: "sso" },
        }),
      {
        code: "VALIDATION",
        error: message,
        fieldErrors: { credential: [message] },
        audit: { actor: admin, action: "user.add", instanceId: null, tenantId: tenant.id },
      },
    );
  });
});

describe("a set-password link", () => {
  test("is stored only as its SHA-256 and expires after the configured hours", async () => {
    const { userId, token } = await invite();
    const [stored] = await prisma.setPasswordToken.findMany({ where: { userId } });
    expect(stored!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(await prisma.setPasswordToken.findMany())).not.toContain(token);
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(setPasswordLinkHours * 3600_000);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ passwordHash: null });
  });

  test("sets the password once, signs the user in with a fresh session version, and is audited", async () => {
    const { userId, email, token } = await invite();
    expect(await findSetPasswordLink(token)).toMatchObject({ email });
    const { sessionVersion } = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    const signedIn = await setPasswordWithToken({ token, password: "my own long password" });
    expect(signedIn).toEqual({ id: userId, email, name: expect.any(String), sessionVersion: sessionVersion + 1 });
    expect(await prisma.setPasswordToken.count({ where: { userId } })).toBe(0);
    expect(await findSetPasswordLink(token)).toBeNull();
    await expect(
      authorizeCredentials({ email, password: "my own long password" }, "192.0.2.21"),
    ).resolves.toMatchObject({ id: userId });
    expect(await prisma.auditEntry.findFirst({ where: { action: "user.setPassword", actorId: userId } })).toMatchObject(
      {
        outcome: "accepted",
        tenantId: tenant.id,
      },
    );
    // Used once: the same link again, or a second use racing the first, gets nothing.
    await expect(setPasswordWithToken({ token, password: "someone else's password" })).rejects.toThrow(linkNotValid);
  });

  test("two uses at once: exactly one sets the password", async () => {
    const { token } = await invite();
    const outcomes = await Promise.allSettled([
      setPasswordWithToken({ token, password: "first long password" }),
      setPasswordWithToken({ token, password: "second long password" }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
  });

  test("expired, unknown, or for a disabled user: refused, nothing changes", async () => {
    const expired = await invite();
    const later = new Date(Date.now() + setPasswordLinkHours * 3600_000 + 1000);
    await expect(
      setPasswordWithToken({ token: expired.token, password: "a long enough password" }, later),
    ).rejects.toThrow(linkNotValid);
    expect(await findSetPasswordLink(expired.token, later)).toBeNull();
    await expect(setPasswordWithToken({ token: "x".repeat(43), password: "a long enough password" })).rejects.toThrow(
      linkNotValid,
    );
    const disabled = await invite();
    await prisma.user.update({ where: { id: disabled.userId }, data: { disabledAt: new Date() } });
    await expect(setPasswordWithToken({ token: disabled.token, password: "a long enough password" })).rejects.toThrow(
      linkNotValid,
    );
    expect(
      await prisma.user.count({ where: { id: { in: [expired.userId, disabled.userId] }, passwordHash: null } }),
    ).toBe(2);
  });

  test("a weak password is refused with the rule, and the link still works", async () => {
    const { userId, token } = await invite();
    await expect(setPasswordWithToken({ token, password: "short" })).rejects.toThrow("Use at least 12 characters.");
    expect(await prisma.setPasswordToken.count({ where: { userId } })).toBe(1);
  });

  test("is the 'set-password' sign-in of next-auth", async () => {
    const { userId, token } = await invite();
    // next-auth merges a provider's options (its id included) into it when it handles a request.
    const provider = authOptions.providers.find(
      (p) => (p as unknown as { options?: { id?: string } }).options?.id === "set-password",
    ) as unknown as { options: { authorize: (credentials: unknown) => Promise<unknown> } };
    await expect(provider.options.authorize({ token, password: "through next-auth" })).resolves.toMatchObject({
      id: userId,
    });
  });
});
