import "server-only";
import type { AlertDelivery, Prisma } from "@prisma/client";
import { prisma } from "../db";

/** How long a sender holds a delivery: longer than the webhook and SMTP timeouts together. */
export const deliveryLeaseMs = 60_000;

/**
 * Claims up to `limit` deliveries that are due: pending ones whose next attempt has come, and ones
 * whose sender died mid-attempt (lease expired). Each claim is a conditional update, so of several
 * workers racing for one row exactly one gets it (as claimNextOperation does for operations).
 */
export async function claimDueDeliveries(options: {
  owner: string;
  now: Date;
  limit?: number;
}): Promise<AlertDelivery[]> {
  const { owner, now } = options;
  const due: Prisma.AlertDeliveryWhereInput = {
    OR: [
      { status: "Pending", nextAttemptAt: { lte: now } },
      { status: "Sending", leaseExpiresAt: { lt: now } },
    ],
  };
  const candidates = await prisma.alertDelivery.findMany({
    where: due,
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 10,
    select: { id: true },
  });
  const claimed: AlertDelivery[] = [];
  for (const { id } of candidates) {
    const won = await prisma.alertDelivery.updateMany({
      where: { AND: [{ id }, due] },
      data: {
        status: "Sending",
        leaseOwner: owner,
        leaseExpiresAt: new Date(now.getTime() + deliveryLeaseMs),
        attempts: { increment: 1 },
      },
    });
    if (won.count === 1) claimed.push(await prisma.alertDelivery.findUniqueOrThrow({ where: { id } }));
  }
  return claimed;
}
