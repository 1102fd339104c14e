import "server-only";
import type { AuditAccepted } from "../audit/record-audit";
import { hashPassword, verifyPassword } from "../auth/password";
import { releaseSignInAttempt, reserveSignInAttempt } from "../auth/rate-limit";
import { prisma } from "../db";
import { env } from "../env";
import { AppError, ConflictError, ValidationError } from "../errors";
import type { OwnAccount } from "./find-own-account";

const wrongPassword = "The current password is incorrect.";
const tooManyAttempts = "Too many wrong passwords. Wait a few minutes and try again.";

/**
 * Changes the caller's own password (argon2id) after checking the current one, and ends every
 * session of the account, this one included: a stolen session or password stops working at once.
 * Wrong current passwords count against the account's sign-in throttle, so a hijacked session
 * cannot guess the password here faster than at the sign-in page. Any set-password link still
 * pending for the account is spent with it.
 */
export async function changeOwnPassword(options: {
  account: OwnAccount;
  currentPassword: string;
  newPassword: string;
  clientAddress: string;
  audit: AuditAccepted;
}): Promise<void> {
  const { account } = options;
  if (!env().LOCAL_PASSWORDS) {
    throw new AppError("FORBIDDEN", "Passwords are turned off here: you sign in with single sign-on.");
  }
  if (account.passwordHash === null) {
    throw new AppError("FORBIDDEN", "Your user has no password here: you sign in with single sign-on.");
  }
  const keys = { account: account.email, ip: options.clientAddress };
  if ((await reserveSignInAttempt(keys)) > 0) {
    throw new ValidationError(tooManyAttempts, { currentPassword: [tooManyAttempts] });
  }
  if (!(await verifyPassword(account.passwordHash, options.currentPassword))) {
    throw new ValidationError(wrongPassword, { currentPassword: [wrongPassword] });
  }
  await releaseSignInAttempt(keys);
  const passwordHash = await hashPassword(options.newPassword);
  await prisma.$transaction(async (tx) => {
    // Only over the hash just verified: of two changes at once, the second finds it gone.
    const { count } = await tx.user.updateMany({
      where: { id: account.id, passwordHash: account.passwordHash },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    if (count === 0) throw new ConflictError("Your password was changed meanwhile. Sign in again.");
    await tx.setPasswordToken.deleteMany({ where: { userId: account.id } });
    await options.audit(tx, { detail: "Changed their password; every session ended." });
  });
}
