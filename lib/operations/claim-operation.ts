import "server-only";
import type { Operation } from "@prisma/client";
import { prisma } from "../db";
import { databaseProvider } from "../env";
import { claimNextOperationSkipLocked } from "../postgresql/claim-next-operation";

/**
 * Claims the oldest runnable operation for `owner`: a queued one, or a running one whose lease
 * expired (its worker died). On SQLite the claim is a conditional UPDATE, so of two workers racing
 * for the same row exactly one sees count 1 (SQLite runs one writer at a time). On PostgreSQL
 * workers skip the rows another is claiming (FOR UPDATE SKIP LOCKED) instead of queueing on them.
 */
export async function claimNextOperation(options: {
  owner: string;
  leaseMs: number;
  now?: Date;
}): Promise<Operation | null> {
  const now = options.now ?? new Date();
  const leaseExpiresAt = new Date(now.getTime() + options.leaseMs);
  if (databaseProvider() === "postgresql")
    return claimNextOperationSkipLocked({ owner: options.owner, leaseExpiresAt, now });
  const runnable = {
    OR: [{ status: "Queued" as const }, { status: "Running" as const, leaseExpiresAt: { lt: now } }],
  };
  const candidates = await prisma.operation.findMany({
    where: runnable,
    orderBy: { createdAt: "asc" },
    take: 5,
    select: { id: true },
  });
  for (const { id } of candidates) {
    const claimed = await prisma.operation.updateMany({
      where: { id, ...runnable },
      data: {
        status: "Running",
        leaseOwner: options.owner,
        leaseExpiresAt,
        attempts: { increment: 1 },
        startedAt: now,
      },
    });
    if (claimed.count === 1) return prisma.operation.findUnique({ where: { id } });
  }
  return null;
}

/** Extends the lease while the owner still holds it; false means another worker took over. */
export async function renewLease(options: { operationId: string; owner: string; leaseMs: number }): Promise<boolean> {
  const renewed = await prisma.operation.updateMany({
    where: { id: options.operationId, leaseOwner: options.owner, status: "Running" },
    data: { leaseExpiresAt: new Date(Date.now() + options.leaseMs) },
  });
  return renewed.count === 1;
}

/** The operation's lease passed to another worker; this one must leave the outcome to it. */
export class LeaseLostError extends Error {
  constructor() {
    super("Another worker took over this operation.");
    this.name = "LeaseLostError";
  }
}
