import "server-only";
import { canOnOwnAccount, type Actor, type OwnAccountPermission } from "../auth/policy";
import { prisma } from "../db";
import { NotFoundError } from "../errors";

export type OwnAccount = { id: string; email: string; passwordHash: string | null; sessionVersion: number };

/** Loads the account of `userId` only if it is the actor's own and `permission` is one on it. */
export async function findOwnAccount({
  actor,
  permission,
  userId,
}: {
  actor: Actor;
  permission: OwnAccountPermission;
  userId: string;
}): Promise<OwnAccount> {
  const account = canOnOwnAccount(actor, permission, userId)
    ? await prisma.user.findUnique({
        where: { id: userId },
        select: { id: true, email: true, passwordHash: true, sessionVersion: true },
      })
    : null;
  if (!account) throw new NotFoundError("Account not found.");
  return account;
}
