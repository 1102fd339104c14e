import "server-only";
import type { Tenant } from "@prisma/client";
import { prisma } from "../db";
import { alertEventLabels, type AlertDeliveryType } from "./alert-events";

export const deliveryLogSize = 50;

/** The delivery log: a tenant's latest deliveries, newest first, with what the last attempt answered. */
export async function listAlertDeliveries(options: { tenant: Tenant }) {
  const rows = await prisma.alertDelivery.findMany({
    where: { tenantId: options.tenant.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: deliveryLogSize,
  });
  return rows.map((row) => ({
    id: row.id,
    event: alertEventLabels[row.eventType as AlertDeliveryType] ?? row.eventType,
    channel: row.channel,
    status: row.status,
    attempts: row.attempts,
    statusCode: row.lastStatusCode,
    response: row.lastResponse,
    error: row.lastError,
    createdAt: row.createdAt,
    lastAttemptAt: row.lastAttemptAt,
    nextAttemptAt: row.status === "Pending" ? row.nextAttemptAt : null,
  }));
}
