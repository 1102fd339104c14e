import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { prisma } from "../db";
import { env } from "../env";
import { verifyPassword } from "./password";
import { clearAccountFailures, recordSignInFailure, signInRetryAfter } from "./rate-limit";
import { authSecret } from "./secret";

export const signInErrors = {
  invalid: "The email or password is incorrect.",
  throttled: "Too many sign-in attempts. Wait a few minutes and try again.",
} as const;

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

function clientIp(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  return first || "unknown";
}

const useSecureCookies = env().NEXTAUTH_URL?.startsWith("https://") ?? false;

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: env().SESSION_MAX_AGE_HOURS * 3600 },
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
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) throw new Error(signInErrors.invalid);
        const { email, password } = parsed.data;
        const keys = { account: email, ip: clientIp(req?.headers) };
        // Throttle before checking anything, with one message whether or not the account exists.
        if ((await signInRetryAfter(keys)) > 0) throw new Error(signInErrors.throttled);
        const user = await prisma.user.findUnique({ where: { email } });
        if (!(await verifyPassword(user?.passwordHash ?? null, password)) || !user) {
          await recordSignInFailure(keys);
          throw new Error(signInErrors.invalid);
        }
        await clearAccountFailures(email);
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) session.user.email = token.email ?? null;
      return session;
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
