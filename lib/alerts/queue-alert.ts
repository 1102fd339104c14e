import "server-only";
import { randomUUID } from "node:crypto";
import type { AlertDelivery, Prisma } from "@prisma/client";
import { smtpConfig } from "../env";
import type { AlertDeliveryType, AlertPayload } from "./alert-events";
import { findAlertSettings } from "./alert-settings";

export type AlertEvent = {
  type: AlertDeliveryType;
  /** What happened, in words, e.g. the operation's failure reason. */
  message: string;
  occurredAt: Date;
  /** The instance it happened on (its tenant's settings decide), or the tenant for a test. */
  subject: { instanceId: string } | { tenantId: string };
  backupId?: string | null;
  operationId?: string | null;
  /**
   * For events several processes may notice (a missed daily backup): the same key is queued once,
   * per channel; the unique index makes a second insert fail, which the caller may ignore.
   */
  dedupeKey?: string;
  /**
   * Queue the deliveries already claimed by `owner` (first attempt counted), so no background
   * sender takes them before the caller attempts them itself; if the caller dies, the lease runs
   * out and a sender retries them.
   */
  claimedBy?: { owner: string; leaseExpiresAt: Date };
};

/**
 * The alert outbox: writes one delivery per configured channel for `event`, in `tx`, the
 * transaction that records the outcome the alert reports. If that transaction rolls back, no alert
 * is sent; once it commits, the worker delivers it even after a crash. Nothing is sent here, so an
 * unreachable webhook never slows or fails an operation. A tenant not subscribed to the event, or
 * with no channel, gets nothing; "test" goes to every configured channel.
 */
export async function queueAlert(tx: Prisma.TransactionClient, event: AlertEvent): Promise<AlertDelivery[]> {
  const instance =
    "instanceId" in event.subject
      ? await tx.instance.findUnique({
          where: { id: event.subject.instanceId },
          select: { id: true, name: true, tenantId: true },
        })
      : null;
  const tenantId = "tenantId" in event.subject ? event.subject.tenantId : instance?.tenantId;
  if (!tenantId) return [];
  const settings = await findAlertSettings(tx, tenantId);
  if (event.type !== "test" && !settings.events.includes(event.type)) return [];
  if (event.dedupeKey && (await tx.alertDelivery.count({ where: { dedupeKey: event.dedupeKey } })) > 0) return [];

  // One after another: a transaction is one connection, and node-postgres is deprecating queries
  // sent on a connection that is still busy with another.
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { id: true, name: true } });
  const backup = event.backupId
    ? await tx.backup.findUnique({ where: { id: event.backupId }, select: { id: true, label: true } })
    : null;
  const operation = event.operationId
    ? await tx.operation.findUnique({ where: { id: event.operationId }, select: { id: true, type: true } })
    : null;
  const payload: AlertPayload = {
    id: randomUUID(),
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    tenant,
    instance: instance ? { id: instance.id, name: instance.name } : null,
    backup,
    operation,
    message: event.message,
  };
  const channels = [
    ...(settings.webhookUrl && settings.webhookSecret
      ? [{ channel: "Webhook" as const, target: settings.webhookUrl }]
      : []),
    ...(settings.recipients.length > 0 && smtpConfig()
      ? [{ channel: "Email" as const, target: JSON.stringify(settings.recipients) }]
      : []),
  ];
  const deliveries: AlertDelivery[] = [];
  for (const { channel, target } of channels) {
    deliveries.push(
      await tx.alertDelivery.create({
        data: {
          eventId: payload.id,
          eventType: event.type,
          tenantId,
          channel,
          target,
          payload: JSON.stringify(payload),
          nextAttemptAt: event.occurredAt,
          createdAt: event.occurredAt,
          dedupeKey: event.dedupeKey ?? null,
          ...(event.claimedBy && {
            status: "Sending" as const,
            leaseOwner: event.claimedBy.owner,
            leaseExpiresAt: event.claimedBy.leaseExpiresAt,
            attempts: 1,
          }),
        },
      }),
    );
  }
  return deliveries;
}
