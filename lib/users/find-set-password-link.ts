import "server-only";
import { prisma } from "../db";
import { hashSetPasswordToken } from "./hash-set-password-token";

/** Whom a set-password link is for, while it works (unexpired, unused, user enabled); else null. */
export async function findSetPasswordLink(token: string, now = new Date()) {
  if (token.length > 200) return null;
  const found = await prisma.setPasswordToken.findFirst({
    where: { tokenHash: hashSetPasswordToken(token), expiresAt: { gt: now }, user: { disabledAt: null } },
    select: { expiresAt: true, user: { select: { name: true, email: true } } },
  });
  return found ? { name: found.user.name, email: found.user.email, expiresAt: found.expiresAt } : null;
}
