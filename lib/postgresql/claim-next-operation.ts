import "server-only";
import type { Operation } from "@prisma/client";
import { prisma } from "../db";

/**
 * PostgreSQL's claim: one statement picks the oldest runnable operation that no other worker is
 * claiming at this moment (FOR UPDATE SKIP LOCKED) and takes it, so workers racing for work never
 * wait on each other's rows and never both win one.
 */
export async function claimNextOperationSkipLocked(options: {
  owner: string;
  leaseExpiresAt: Date;
  now: Date;
}): Promise<Operation | null> {
  const { owner, leaseExpiresAt, now } = options;
  const [claimed] = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Operation" SET "status" = 'Running', "leaseOwner" = ${owner}, "leaseExpiresAt" = ${leaseExpiresAt},
      "attempts" = "attempts" + 1, "startedAt" = ${now}
    WHERE "id" = (
      SELECT "id" FROM "Operation"
      WHERE "status" = 'Queued' OR ("status" = 'Running' AND "leaseExpiresAt" < ${now})
      ORDER BY "createdAt" LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id"`;
  return claimed ? prisma.operation.findUnique({ where: { id: claimed.id } }) : null;
}
