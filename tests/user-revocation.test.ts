// Every change an admin makes to a user takes effect on that user's very next request, in sessions
// already open: the change bumps the user's session version, so the open session's getActor()
// answers null and next-auth refuses to re-issue its token; the user signs in again and gets what
// they hold now.
import type { JWT } from "next-auth/jwt";
import { decode } from "next-auth/jwt";
import { beforeEach, expect, test, vi } from "vitest";
import {
  removeUserAction,
  resetPasswordAction,
  revokeDelegatedAdminAction,
  setDelegatedAdminHolderAction,
  setSystemAdministratorAction,
  setUserDisabledAction,
} from "@/app/(admin)/users/actions";
import { authorizeCredentials, signInErrors } from "@/lib/auth/authorize-credentials";
import { authOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { listInstances } from "@/lib/instances/list-instances";
import { resetSession, setSessionCookie, signInAs } from "./support/session";
import { buildUserEstate } from "./support/user-estate";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);

beforeEach(() => resetSession());

/** Signs `user` in and returns their session cookie, as their browser would keep it. */
const openSession = async (user: Actor) => (await signInAs(user))!;

/** As the admin, makes the change; then the user's browser sends its old cookie again. */
async function asAdmin(admin: Actor, change: () => Promise<{ ok: boolean }>) {
  await signInAs(admin);
  expect(await change()).toMatchObject({ ok: true });
}

/** next-auth's re-issue of the session token (e.g. /api/auth/session) for this cookie. */
async function reissue(cookie: string) {
  const token = (await decode({ token: cookie, secret: authOptions.secret! })) as JWT;
  return authOptions.callbacks!.jwt!({ token, account: null, user: undefined as never, trigger: "update" });
}

test("a System Administrator's open session loses the instance on the next request", async () => {
  const e = await buildUserEstate();
  const sysadmin = e.actors["System Administrator"];
  const admin = e.actors["global admin own tenant"];
  const cookie = await openSession(sysadmin);
  const before = await getActor();
  expect((await listInstances({ actor: before! })).map((i) => i.id)).toEqual([e.ownA.id]);

  await asAdmin(admin, () =>
    setSystemAdministratorAction({ tenantId: e.own.id, userId: sysadmin.userId, instanceIds: [] }),
  );
  setSessionCookie(cookie);
  expect(await getActor()).toBeNull();
  await expect(reissue(cookie)).rejects.toThrow("The session was revoked.");
  // Signed in again, they hold no role: no instance, no admin access.
  await signInAs(sysadmin);
  const again = await getActor();
  expect(again?.assignments).toEqual([]);
  expect(await listInstances({ actor: again! })).toEqual([]);
});

test("a disabled user's open session ends, and they cannot sign in until enabled", async () => {
  const e = await buildUserEstate();
  const admin = e.actors["global admin own tenant"];
  const member = e.targets.member;
  await prisma.user.update({
    where: { id: member.userId },
    data: { passwordHash: await hashPassword("member password 1") },
  });
  const cookie = await openSession(member);
  await asAdmin(admin, () => setUserDisabledAction({ tenantId: e.own.id, userId: member.userId, disabled: true }));
  setSessionCookie(cookie);
  expect(await getActor()).toBeNull();
  const credentials = { email: member.email, password: "member password 1" };
  await expect(authorizeCredentials(credentials, "192.0.2.10")).rejects.toThrow(signInErrors.invalid);

  await asAdmin(admin, () => setUserDisabledAction({ tenantId: e.own.id, userId: member.userId, disabled: false }));
  // Enabling lets them sign in again; the session from before stays ended.
  setSessionCookie(cookie);
  expect(await getActor()).toBeNull();
  await expect(authorizeCredentials(credentials, "192.0.2.10")).resolves.toMatchObject({ id: member.userId });
});

test("a reset password ends open sessions and the old password stops working", async () => {
  const e = await buildUserEstate();
  const admin = e.actors["global admin own tenant"];
  const member = e.targets.member;
  await prisma.user.update({
    where: { id: member.userId },
    data: { passwordHash: await hashPassword("member password 2") },
  });
  const cookie = await openSession(member);
  await asAdmin(admin, () => resetPasswordAction({ tenantId: e.own.id, userId: member.userId }));
  setSessionCookie(cookie);
  expect(await getActor()).toBeNull();
  await expect(
    authorizeCredentials({ email: member.email, password: "member password 2" }, "192.0.2.11"),
  ).rejects.toThrow(signInErrors.invalid);
});

test("a removed user's open session ends", async () => {
  const e = await buildUserEstate();
  const cookie = await openSession(e.targets.member);
  await asAdmin(e.actors["global admin own tenant"], () =>
    removeUserAction({ tenantId: e.own.id, userId: e.targets.member.userId }),
  );
  setSessionCookie(cookie);
  expect(await getActor()).toBeNull();
  await expect(reissue(cookie)).rejects.toThrow("The session was revoked.");
});

test("a revoked delegation ends its holders' sessions; a removed holder loses the customer's instances", async () => {
  const e = await buildUserEstate();
  const holder = e.targets.partnerHolder;
  const delegated = e.actors["Delegated Admin"];
  const holderCookie = await openSession(holder);
  const delegatedCookie = await openSession(delegated);
  const customerInstances = [e.ownA.id, e.ownB.id].sort();
  expect((await listInstances({ actor: (await getActor())! })).map((i) => i.id).sort()).toEqual(customerInstances);

  // The partner's admin takes the role from one holder...
  await asAdmin(e.actors["partner global admin"], () =>
    setDelegatedAdminHolderAction({
      tenantId: e.partner.id,
      customerTenantId: e.own.id,
      userId: holder.userId,
      holds: false,
    }),
  );
  setSessionCookie(holderCookie);
  expect(await getActor()).toBeNull();
  setSessionCookie(delegatedCookie);
  expect((await getActor())?.assignments).toEqual([{ role: "DelegatedAdmin", tenantId: e.own.id, instanceId: null }]);

  // ...and the customer revokes the partner: the other holder's session ends too.
  await asAdmin(e.actors["global admin own tenant"], () =>
    revokeDelegatedAdminAction({ tenantId: e.own.id, partnerTenantId: e.partner.id }),
  );
  setSessionCookie(delegatedCookie);
  expect(await getActor()).toBeNull();
  await signInAs(delegated);
  expect(await listInstances({ actor: (await getActor())! })).toEqual([]);
});
