import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { hashSetPasswordToken } from "./hash-set-password-token";

/** How long a set-password link works. */
export const setPasswordLinkHours = 72;

/**
 * Creates a one-time set-password token for the user, replacing any earlier one, and returns the
 * link's path. The token is shown to the admin once and never stored; only its SHA-256 is kept.
 */
export async function issueSetPasswordToken(
  tx: Prisma.TransactionClient,
  options: { userId: string; now: Date },
): Promise<{ path: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(options.now.getTime() + setPasswordLinkHours * 3600_000);
  await tx.setPasswordToken.deleteMany({ where: { userId: options.userId } });
  await tx.setPasswordToken.create({
    data: { userId: options.userId, tokenHash: hashSetPasswordToken(token), expiresAt, createdAt: options.now },
  });
  return { path: `/set-password/${token}`, expiresAt };
}
