// A signed-in browser for tests that call server actions directly. `next/headers` answers with the
// session cookie of whoever `signInAs` chose last, a real next-auth JWT (same secret, same cookie
// name), so the product's own getActor() decodes and checks it; `next/cache` records revalidations
// instead of needing a Next.js request.
//
// vi.mock is hoisted per test file, so every file that calls actions declares both mocks itself:
//
//   vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
//   vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);
//
// and calls resetSession() in a beforeEach, so no test inherits another's cookie or call records.
import type { Session } from "next-auth";
import { decode, encode, type JWT } from "next-auth/jwt";
import { vi } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { prisma } from "@/lib/db";

export const sessionCookieName = authOptions.cookies!.sessionToken!.name;

const jar = new Map<string, string>();

/** The part of Next's ReadonlyRequestCookies that request code reads. */
const cookieStore = {
  get: (nameOrCookie: string | { name: string }) => {
    const name = typeof nameOrCookie === "string" ? nameOrCookie : nameOrCookie.name;
    const value = jar.get(name);
    return value === undefined ? undefined : { name, value };
  },
  getAll: () => [...jar].map(([name, value]) => ({ name, value })),
  has: (name: string) => jar.has(name),
  get size() {
    return jar.size;
  },
};

export const nextHeadersMock = {
  cookies: async () => cookieStore,
  headers: async () => new Headers(),
};

export const nextCacheMock = {
  revalidatePath: vi.fn<(path: string, type?: "layout" | "page") => void>(),
  revalidateTag: vi.fn<(tag: string) => void>(),
};

/** Signs out of the harness: no cookie, and no recorded revalidations. */
export function resetSession(): void {
  jar.clear();
  nextCacheMock.revalidatePath.mockClear();
  nextCacheMock.revalidateTag.mockClear();
}

/** Encodes a session token as next-auth does; `secret` and `maxAge` let tests forge bad ones. */
export async function encodeSessionToken(token: JWT, options: { secret?: string; maxAge?: number } = {}) {
  return encode({
    token,
    secret: options.secret ?? authOptions.secret!,
    maxAge: options.maxAge ?? authOptions.session!.maxAge,
  });
}

/** Puts a raw cookie value in the browser (undefined removes it): for tampered or forged tokens. */
export function setSessionCookie(value: string | undefined): void {
  if (value === undefined) jar.delete(sessionCookieName);
  else jar.set(sessionCookieName, value);
}

/** Puts any other cookie in the browser (undefined removes it), as a page will read it. */
export function setBrowserCookie(name: string, value: string | undefined): void {
  if (value === undefined) jar.delete(name);
  else jar.set(name, value);
}

export function sessionCookie(): string | undefined {
  return jar.get(sessionCookieName);
}

/**
 * Signs `user` in as the Credentials sign-in would: the token carries their id and the session
 * version the database holds now (the jwt callback copies it from authorize()). null signs out of
 * the harness only, like a browser that never had a session. Returns the cookie value.
 */
export async function signInAs(user: { userId: string } | null): Promise<string | undefined> {
  if (!user) {
    setSessionCookie(undefined);
    return undefined;
  }
  const { sessionVersion } = await prisma.user.findUniqueOrThrow({
    where: { id: user.userId },
    select: { sessionVersion: true },
  });
  const cookie = await encodeSessionToken({ uid: user.userId, sv: sessionVersion, at: Math.floor(Date.now() / 1000) });
  setSessionCookie(cookie);
  return cookie;
}

/**
 * Signs out as next-auth's sign-out route does: it decodes the cookie, runs the signOut event (which
 * bumps the user's session version) and clears the cookie. Returns the old cookie value, so a test
 * can replay it as a stolen copy.
 */
export async function signOut(): Promise<string | undefined> {
  const cookie = sessionCookie();
  const token = cookie ? await decode({ token: cookie, secret: authOptions.secret! }) : null;
  // For JWT sessions next-auth passes only the token; its type also names a database session.
  if (token) await authOptions.events?.signOut?.({ token } as { token: JWT; session: Session });
  setSessionCookie(undefined);
  return cookie;
}

/** Signs `user` in and out, then sends the old cookie again, as a stolen copy replayed after sign-out. */
export async function replaySignedOutCookie(user: { userId: string }): Promise<void> {
  await signInAs(user);
  setSessionCookie(await signOut());
}
