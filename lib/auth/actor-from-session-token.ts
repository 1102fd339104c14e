import "server-only";
import { decode } from "next-auth/jwt";
import { prisma } from "../db";
import { authOptions } from "./options";
import { isSessionCurrent } from "./is-session-current";
import type { Actor } from "./policy";
import { isWithinSessionLifetime } from "./session-lifetime";

/**
 * The actor a session cookie's token stands for, loaded fresh from the database: roles removed, a
 * user disabled or a session version bumped (sign-out, password change) take effect at once. A
 * Delegated Admin role counts only while the relation it is held through exists. Null for a
 * tampered, expired or ended session.
 */
export async function actorFromSessionToken(raw: string): Promise<Actor | null> {
  // decode() rejects tampered and expired tokens.
  const token = await decode({ token: raw, secret: authOptions.secret! }).catch(() => null);
  // The token's own expiry moves with every re-issue; the sign-in time bounds the session.
  if (!token || typeof token.uid !== "string" || !isWithinSessionLifetime(token)) return null;
  const user = await prisma.user.findUnique({
    where: { id: token.uid },
    select: {
      id: true,
      email: true,
      name: true,
      sessionVersion: true,
      disabledAt: true,
      assignments: {
        where: { OR: [{ role: { not: "DelegatedAdmin" } }, { relationId: { not: null } }] },
        select: { role: true, tenantId: true, instanceId: true },
      },
    },
  });
  if (!user || !isSessionCurrent(user, token)) return null;
  return { userId: user.id, email: user.email, name: user.name, assignments: user.assignments };
}
