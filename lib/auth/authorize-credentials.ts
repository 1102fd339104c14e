import "server-only";
import { z } from "zod";
import { prisma } from "../db";
import { verifyPassword } from "./password";
import { releaseSignInAttempt, reserveSignInAttempt } from "./rate-limit";

export const signInErrors = {
  invalid: "The email or password is incorrect.",
  throttled: "Too many sign-in attempts. Wait a few minutes and try again.",
} as const;

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

export type SignedInUser = { id: string; email: string; name: string; sessionVersion: number };

/**
 * The Credentials sign-in: throttle, then check the password. Throws an Error whose message the
 * sign-in form shows; the message never reveals whether the account exists.
 */
export async function authorizeCredentials(credentials: unknown, clientAddress: string): Promise<SignedInUser> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) throw new Error(signInErrors.invalid);
  const { email, password } = parsed.data;
  const keys = { account: email, ip: clientAddress };
  // The attempt is counted before the password is checked, so a burst cannot outrun the limit.
  if ((await reserveSignInAttempt(keys)) > 0) throw new Error(signInErrors.throttled);
  const user = await prisma.user.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
  // A disabled user gets the same answer as a wrong password: the form reveals nothing about the account.
  if (!passwordOk || !user || user.disabledAt) throw new Error(signInErrors.invalid);
  await releaseSignInAttempt(keys);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
