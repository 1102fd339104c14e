import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { isSetUp } from "../setup/is-set-up";
import { actorFromSessionToken } from "./actor-from-session-token";
import { authOptions } from "./options";
import { hasAdminAccess, type Actor } from "./policy";

/** The cookie next-auth keeps the session token in. */
export const sessionCookieName = authOptions.cookies!.sessionToken!.name;

/** The signed-in actor of this request (see actorFromSessionToken), or null. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const raw = (await cookies()).get(sessionCookieName)?.value;
  return raw ? actorFromSessionToken(raw) : null;
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
