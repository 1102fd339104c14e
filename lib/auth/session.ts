import "server-only";
import { cache } from "react";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { prisma } from "../db";
import { isSetUp } from "../setup/is-set-up";
import { authOptions } from "./options";
import { isSessionCurrent } from "./is-session-current";
import { hasAdminAccess, type Actor } from "./policy";
import { isWithinSessionLifetime } from "./session-lifetime";

/**
 * The signed-in actor, loaded fresh from the database on every request: roles removed, a user
 * disabled or a session version bumped (sign-out, password change) take effect on the very next
 * request. A Delegated Admin role counts only while the relation it is held through exists.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const cookieName = authOptions.cookies!.sessionToken!.name;
  const raw = (await cookies()).get(cookieName)?.value;
  if (!raw) return null;
  // decode() rejects tampered and expired tokens.
  const token = await decode({ token: raw, secret: authOptions.secret! }).catch(() => null);
  // The token's own expiry moves with every re-issue; the sign-in time bounds the session.
  if (!token || typeof token.uid !== "string" || !isWithinSessionLifetime(token)) return null;
  const user = await prisma.user.findUnique({
    where: { id: token.uid },
    select: {
      id: true,
      email: true,
      name: true,
      sessionVersion: true,
      disabledAt: true,
      assignments: {
        where: { OR: [{ role: { not: "DelegatedAdmin" } }, { relationId: { not: null } }] },
        select: { role: true, tenantId: true, instanceId: true },
      },
    },
  });
  if (!user || !isSessionCurrent(user, token)) return null;
  return { userId: user.id, email: user.email, name: user.name, assignments: user.assignments };
});

/** For pages every user may see (their own account): the signed-in actor, or a redirect to sign-in. */
export async function requireSignedInPage(callbackPath: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return actor;
}

/**
 * For pages: the signed-in admin, or a redirect to sign-in (to first-run setup while no user
 * exists at all), or the 403 page.
 */
export async function requireAdminPage(callbackPath: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor && !(await isSetUp())) redirect("/setup");
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  if (!hasAdminAccess(actor)) forbidden();
  return actor;
}
