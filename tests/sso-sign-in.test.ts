// Single sign-on: which user an OpenID Connect sign-in becomes (verified e-mail first, then the
// provider's subject only), what is refused (unverified, unknown, disabled, a second subject), that
// refusals change nothing and are audited, and that the session is the password path's session.
import type { Account, Profile, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { resolveSsoUser } from "@/lib/auth/resolve-sso-user";
import { getActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { auditAddedSince, snapshot } from "./support/action-checks";
import { encodeSessionToken, resetSession, setSessionCookie } from "./support/session";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

beforeEach(() => resetSession());

const issuer = "https://login.example.test/tenant-1/v2.0";
let counter = 0;

async function newUser(options: { disabled?: boolean } = {}) {
  counter += 1;
  return prisma.user.create({
    data: {
      email: `sso.${counter}@example.test`,
      name: `Sso ${counter}`,
      disabledAt: options.disabled ? new Date() : null,
      sessionVersion: 3,
    },
  });
}

const claimsFor = (subject: string, email: string, emailVerified: unknown = true) => ({
  iss: issuer,
  sub: subject,
  aud: "backup-center",
  email,
  email_verified: emailVerified,
  name: "From the provider",
});

/** The world plus the bindings, to assert a refusal changed nothing but the audit log. */
async function everything() {
  const [state, identities] = await Promise.all([snapshot(), prisma.ssoIdentity.findMany({ orderBy: { id: "asc" } })]);
  return { ...state, identities };
}

/** Resolves `claims`, expects `refusal`, nothing changed, and one "denied" entry by `actor`. */
async function expectSsoRefused(
  claims: Record<string, unknown>,
  refusal: string,
  actor: { id: string | null; email: string },
  detail: RegExp,
) {
  const before = await everything();
  expect(await resolveSsoUser(claims)).toEqual({ ok: false, refusal });
  const after = await everything();
  expect(after.world).toEqual(before.world);
  expect(after.identities).toEqual(before.identities);
  expect(auditAddedSince(before, after)).toEqual([
    expect.objectContaining({
      actorId: actor.id,
      actorEmail: actor.email,
      action: "signin.sso",
      outcome: "denied",
      instanceId: null,
      tenantId: null,
      detail: expect.stringMatching(detail),
    }),
  ]);
}

describe("subject binding", () => {
  test("the first sign-in matches the verified e-mail and binds the user to the subject, audited", async () => {
    const user = await newUser();
    const before = await everything();
    const result = await resolveSsoUser(claimsFor("subject-first", user.email.toUpperCase()));
    expect(result).toEqual({
      ok: true,
      user: { id: user.id, email: user.email, name: user.name, sessionVersion: 3 },
    });
    const after = await everything();
    expect(after.world).toEqual(before.world);
    expect(after.identities).toEqual([
      ...before.identities,
      expect.objectContaining({ userId: user.id, issuer, subject: "subject-first" }),
    ]);
    expect(auditAddedSince(before, after)).toEqual([
      expect.objectContaining({
        actorId: user.id,
        actorEmail: user.email,
        action: "signin.sso.bind",
        outcome: "accepted",
        detail: `First single sign-on: bound to subject "subject-first" of "${issuer}".`,
      }),
    ]);
  });

  test("later sign-ins match by subject only, whatever e-mail the provider sends now", async () => {
    const user = await newUser();
    const other = await newUser();
    await resolveSsoUser(claimsFor("subject-later", user.email));
    const before = await everything();
    // The address changed at the provider (even to another user's, even unverified): still the bound user.
    for (const claims of [
      claimsFor("subject-later", other.email),
      claimsFor("subject-later", "renamed@example.test", false),
      { iss: issuer, sub: "subject-later" },
    ])
      expect(await resolveSsoUser(claims)).toMatchObject({ ok: true, user: { id: user.id } });
    const after = await everything();
    expect(after.identities).toEqual(before.identities);
    expect(auditAddedSince(before, after)).toEqual([]);
  });

  test("an e-mail changed at the provider cannot take over another user", async () => {
    const victim = await newUser();
    const attacker = await newUser();
    await resolveSsoUser(claimsFor("subject-victim", victim.email));
    await resolveSsoUser(claimsFor("subject-attacker", attacker.email));
    // The attacker's provider account now claims the victim's address, verified.
    expect(await resolveSsoUser(claimsFor("subject-attacker", victim.email))).toMatchObject({
      ok: true,
      user: { id: attacker.id },
    });
  });

  test("a second subject for an already-bound user is refused", async () => {
    const user = await newUser();
    await resolveSsoUser(claimsFor("subject-one", user.email));
    await expectSsoRefused(
      claimsFor("subject-two", user.email),
      "SsoOtherAccount",
      { id: user.id, email: user.email },
      /subject "subject-two" .* bound to another subject/,
    );
  });

  test("the same subject at another issuer is another account", async () => {
    const user = await newUser();
    const stranger = await newUser();
    await resolveSsoUser(claimsFor("shared-subject", user.email));
    const elsewhere = { ...claimsFor("shared-subject", stranger.email), iss: "https://other-idp.example.test" };
    expect(await resolveSsoUser(elsewhere)).toMatchObject({ ok: true, user: { id: stranger.id } });
  });

  test("two first sign-ins at once bind once and both get the user", async () => {
    const user = await newUser();
    const results = await Promise.all([1, 2, 3].map(() => resolveSsoUser(claimsFor("subject-burst", user.email))));
    for (const result of results) expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await prisma.ssoIdentity.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("refusals change nothing and are audited", () => {
  test.each([
    ["false", { email_verified: false }],
    ["missing", { email_verified: undefined }],
    ['the string "true"', { email_verified: "true" }],
  ])("an e-mail whose verification is %s is refused", async (_how, verification) => {
    const user = await newUser();
    await expectSsoRefused(
      { ...claimsFor("subject-unverified", user.email), ...verification },
      "SsoUnverified",
      // The address is the provider's unproven word: the entry is not attributed to the user.
      { id: null, email: user.email },
      /did not verify the e-mail/,
    );
  });

  test.each([
    ["false, whatever xms_edov says", { email_verified: false, xms_edov: true }],
    ['absent, with xms_edov the string "true"', { email_verified: undefined, xms_edov: "true" }],
  ])("an e-mail whose verification is %s is refused", async (_how, verification) => {
    const user = await newUser();
    await expectSsoRefused(
      { ...claimsFor("subject-edov-refused", user.email), ...verification },
      "SsoUnverified",
      { id: null, email: user.email },
      /did not verify the e-mail/,
    );
  });

  test("Entra ID's xms_edov counts as verification when email_verified is absent", async () => {
    const user = await newUser();
    const claims = { ...claimsFor("subject-edov", user.email), email_verified: undefined, xms_edov: true };
    expect(await resolveSsoUser(claims)).toMatchObject({ ok: true, user: { id: user.id } });
  });

  test("a person no admin has added is refused", async () => {
    await expectSsoRefused(
      claimsFor("subject-stranger", "Stranger@Example.test"),
      "SsoUnknown",
      { id: null, email: "stranger@example.test" },
      /no user has this e-mail/,
    );
  });

  test("a disabled user is refused, on the first sign-in and once bound", async () => {
    const fresh = await newUser({ disabled: true });
    await expectSsoRefused(
      claimsFor("subject-disabled-new", fresh.email),
      "SsoDisabled",
      { id: fresh.id, email: fresh.email },
      /disabled/,
    );
    const bound = await newUser();
    await resolveSsoUser(claimsFor("subject-disabled-bound", bound.email));
    await prisma.user.update({ where: { id: bound.id }, data: { disabledAt: new Date() } });
    await expectSsoRefused(
      claimsFor("subject-disabled-bound", bound.email),
      "SsoDisabled",
      { id: bound.id, email: bound.email },
      /disabled/,
    );
  });

  test("claims without an issuer or subject are refused", async () => {
    await expectSsoRefused(
      { sub: "x", email: "a@example.test", email_verified: true },
      "SsoInvalid",
      {
        id: null,
        email: "(unknown)",
      },
      /no issuer or subject/,
    );
  });
});

describe("the session it signs in", () => {
  type SignInParams = Parameters<NonNullable<NonNullable<typeof authOptions.callbacks>["signIn"]>>[0];
  type JwtParams = Parameters<NonNullable<NonNullable<typeof authOptions.callbacks>["jwt"]>>[0];
  const oidcAccount = { provider: "oidc", type: "oauth", providerAccountId: "x" } as Account;

  /** Runs next-auth's signIn then jwt callbacks as its OAuth callback route does, on one user object. */
  async function signInWithClaims(claims: Record<string, unknown>) {
    const user = { id: String(claims.sub), email: String(claims.email), name: "From the provider" } as User;
    const allowed = await authOptions.callbacks!.signIn!({
      user,
      account: { ...oidcAccount, providerAccountId: user.id },
      profile: claims as Profile,
    } as SignInParams);
    if (allowed !== true) return { allowed, token: null };
    const token = await authOptions.callbacks!.jwt!({
      token: { sub: user.id, email: user.email },
      user,
      account: oidcAccount,
    } as JwtParams);
    return { allowed, token };
  }

  test("carries this app's user and session version, like a password sign-in", async () => {
    const user = await newUser();
    const { allowed, token } = await signInWithClaims(claimsFor("subject-session", user.email));
    expect(allowed).toBe(true);
    expect(token).toMatchObject({ uid: user.id, sv: 3, email: user.email });
    setSessionCookie(await encodeSessionToken(token as JWT));
    expect((await getActor())?.userId).toBe(user.id);
    // Signing out elsewhere (or a password change, or being disabled) ends it on the next request.
    await prisma.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await getActor()).toBeNull();
  });

  test("the absolute session lifetime applies", async () => {
    const user = await newUser();
    const { token } = await signInWithClaims(claimsFor("subject-lifetime", user.email));
    const expired = { ...token, at: (token!.at as number) - 8 * 3600 - 5 };
    setSessionCookie(await encodeSessionToken(expired));
    expect(await getActor()).toBeNull();
  });

  test("a refusal sends the browser to the sign-in error page with its reason, and signs nobody in", async () => {
    expect(await signInWithClaims(claimsFor("subject-nobody", "nobody@example.test"))).toEqual({
      allowed: "/signin/error?error=SsoUnknown",
      token: null,
    });
  });

  test("other providers (passwords) are not touched by the single sign-on check", async () => {
    const allowed = await authOptions.callbacks!.signIn!({
      user: { id: "u" },
      account: { provider: "credentials", type: "credentials", providerAccountId: "u" },
    } as SignInParams);
    expect(allowed).toBe(true);
  });
});
