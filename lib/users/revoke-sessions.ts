import "server-only";
import type { Prisma } from "@prisma/client";

/**
 * Ends every open session of these users on their next request: each session token carries the
 * session version it was issued with, and a token with an older one is rejected (see
 * lib/auth/is-session-current.ts). Called in the transaction of every change to a user.
 */
export async function revokeSessions(tx: Prisma.TransactionClient, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await tx.user.updateMany({ where: { id: { in: [...userIds] } }, data: { sessionVersion: { increment: 1 } } });
}
