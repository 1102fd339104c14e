import "server-only";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";

export type AccountOverview = {
  name: string;
  email: string;
  hasPassword: boolean;
  /** When the account was first signed in to with single sign-on, if it ever was. */
  ssoSince: Date | null;
};

/** What the account page shows about the signed-in user: never the hash itself. */
export async function findAccountOverview(actor: Actor): Promise<AccountOverview> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: {
      name: true,
      email: true,
      passwordHash: true,
      ssoIdentities: { select: { createdAt: true }, orderBy: { createdAt: "asc" }, take: 1 },
    },
  });
  return {
    name: user.name,
    email: user.email,
    hasPassword: user.passwordHash !== null,
    ssoSince: user.ssoIdentities[0]?.createdAt ?? null,
  };
}
