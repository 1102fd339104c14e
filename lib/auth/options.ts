import "server-only";
import type { NextAuthOptions } from "next-auth";
import { prisma } from "../db";
import { env } from "../env";
import { authProviders } from "./auth-providers";
import { isSessionCurrent } from "./is-session-current";
import { oidcProviderId } from "./oidc-provider-id";
import { resolveSsoUser } from "./resolve-sso-user";
import { safeCallback } from "./safe-callback";
import { authSecret } from "./secret";
import { isWithinSessionLifetime, sessionMaxAgeSeconds } from "./session-lifetime";

const useSecureCookies = env().NEXTAUTH_URL?.startsWith("https://") ?? false;

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  // Both lifetimes follow the setting (next-auth's jwt.maxAge would default to 30 days).
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds() },
  jwt: { maxAge: sessionMaxAgeSeconds() },
  pages: { signIn: "/signin", error: "/signin/error" },
  useSecureCookies,
  cookies: {
    sessionToken: {
      // __Host- pins the cookie to this host and path "/" and requires Secure (https only).
      name: useSecureCookies ? "__Host-backup-center.session" : "backup-center.session",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: useSecureCookies },
    },
  },
  providers: authProviders(env()),
  callbacks: {
    /**
     * Single sign-on lets in only a user an admin has added (lib/auth/resolve-sso-user.ts); a
     * refusal goes to the sign-in error page, which says why. Passwords were checked in authorize().
     */
    async signIn({ user, account, profile }) {
      if (account?.provider !== oidcProviderId) return true;
      const result = await resolveSsoUser({ ...profile });
      if (!result.ok) return `/signin/error?error=${result.refusal}`;
      // next-auth hands this very object to the jwt callback as `user`: from here on it is the
      // user of this app (id, session version), no longer the provider's profile.
      Object.assign(user, result.user);
      return true;
    },
    /**
     * At sign-in the token gets the user, their session version and the sign-in time. Every later
     * re-issue (e.g. /api/auth/session) re-checks both against the database and the absolute
     * lifetime; throwing here makes next-auth answer an empty session and clear the cookie.
     */
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        token.at = Math.floor(Date.now() / 1000);
        return token;
      }
      if (!isWithinSessionLifetime(token)) throw new Error("The session has expired.");
      const current =
        typeof token.uid === "string"
          ? await prisma.user.findUnique({
              where: { id: token.uid },
              select: { sessionVersion: true, disabledAt: true },
            })
          : null;
      if (!isSessionCurrent(current, token)) throw new Error("The session was revoked.");
      return token;
    },
    session({ session, token }) {
      if (session.user) session.user.email = token.email ?? null;
      return session;
    },
    // Same-origin relative URLs only, on every next-auth redirect.
    redirect({ url, baseUrl }) {
      if (url.startsWith(baseUrl)) url = url.slice(baseUrl.length) || "/";
      return `${baseUrl}${safeCallback(url)}`;
    },
  },
  events: {
    // Signing out revokes every session of the user: stolen copies of the token stop working too.
    async signOut({ token }) {
      const uid = typeof token?.uid === "string" ? token.uid : undefined;
      if (uid) await prisma.user.updateMany({ where: { id: uid }, data: { sessionVersion: { increment: 1 } } });
    },
  },
};
