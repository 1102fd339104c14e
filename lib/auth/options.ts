import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { prisma } from "../db";
import { env } from "../env";
import { authorizeCredentials } from "./authorize-credentials";
import { clientAddressHeader } from "./client-address";
import { isSessionCurrent } from "./is-session-current";
import { safeCallback } from "./safe-callback";
import { authSecret } from "./secret";
import { isWithinSessionLifetime, sessionMaxAgeSeconds } from "./session-lifetime";

const useSecureCookies = env().NEXTAUTH_URL?.startsWith("https://") ?? false;

/** Set by scripts/web-server.ts from the connection; "unknown" shares one bucket when it is absent. */
function clientAddressOf(headers: Record<string, unknown> | undefined): string {
  const value = headers?.[clientAddressHeader];
  return typeof value === "string" && value ? value : "unknown";
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  // Both lifetimes follow the setting (next-auth's jwt.maxAge would default to 30 days).
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds() },
  jwt: { maxAge: sessionMaxAgeSeconds() },
  pages: { signIn: "/signin" },
  useSecureCookies,
  cookies: {
    sessionToken: {
      // __Host- pins the cookie to this host and path "/" and requires Secure (https only).
      name: useSecureCookies ? "__Host-backup-center.session" : "backup-center.session",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: useSecureCookies },
    },
  },
  providers: [
    // Room for an OIDC provider (e.g. Microsoft Entra ID) configured from env beside this one.
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials, req) => authorizeCredentials(credentials, clientAddressOf(req?.headers)),
    }),
  ],
  callbacks: {
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
