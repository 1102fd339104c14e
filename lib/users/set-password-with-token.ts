import "server-only";
import { recordAudit } from "../audit/record-audit";
import type { SignedInUser } from "../auth/authorize-credentials";
import { hashPassword } from "../auth/password";
import { prisma } from "../db";
import { ValidationError } from "../errors";
import { hashSetPasswordToken } from "./hash-set-password-token";
import { setPasswordWithTokenInput } from "./schemas";

export const linkNotValid = "This link has expired or was already used. Ask your administrator for a new one.";

/**
 * Sets a user's password through a one-time set-password link and returns them for sign-in (the
 * "set-password" sign-in of lib/auth/options.ts). The token is spent in the transaction that sets
 * the password, by a delete that only one of two concurrent uses can win; open sessions end.
 * Throws an Error whose message the form shows.
 */
export async function setPasswordWithToken(credentials: unknown, now = new Date()): Promise<SignedInUser> {
  const parsed = setPasswordWithTokenInput.safeParse(credentials);
  if (!parsed.success) {
    const tokenProblem = parsed.error.issues.some((issue) => issue.path[0] === "token");
    throw new ValidationError(tokenProblem ? linkNotValid : (parsed.error.issues[0]?.message ?? linkNotValid));
  }
  const tokenHash = hashSetPasswordToken(parsed.data.token);
  const valid = { tokenHash, expiresAt: { gt: now }, user: { disabledAt: null } };
  // Hash the password only for a link that works: hashing is the expensive part.
  if (!(await prisma.setPasswordToken.findFirst({ where: valid, select: { id: true } }))) {
    throw new ValidationError(linkNotValid);
  }
  const passwordHash = await hashPassword(parsed.data.password);
  return prisma.$transaction(async (tx) => {
    const token = await tx.setPasswordToken.findFirst({ where: valid, select: { userId: true } });
    const spent = await tx.setPasswordToken.deleteMany({ where: valid });
    if (!token || spent.count !== 1) throw new ValidationError(linkNotValid);
    const user = await tx.user.update({
      where: { id: token.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    await recordAudit(
      {
        actor: { userId: user.id, email: user.email },
        action: "user.setPassword",
        outcome: "accepted",
        tenantId: user.tenantId,
        detail: `${user.name} set their password with a set-password link.`,
      },
      tx,
    );
    return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
  });
}
