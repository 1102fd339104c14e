import "server-only";
import type { AlertDelivery } from "@prisma/client";
import type { Clock } from "../clock";
import { prisma } from "../db";
import type { SmtpConfig } from "../env";
import type { AlertPayload } from "./alert-events";
import { findAlertSettings } from "./alert-settings";
import { nextAttemptAfter } from "./alert-retry-schedule";
import type { DeliveryAttempt } from "./delivery-attempt";
import { sendAlertEmail } from "./send-alert-email";
import { sendWebhook } from "./send-webhook";

async function attempt(delivery: AlertDelivery, smtp: SmtpConfig | null, sentAt: Date): Promise<DeliveryAttempt> {
  const payload = JSON.parse(delivery.payload) as AlertPayload;
  if (delivery.channel === "Webhook") {
    // Signed with the secret in force now, so a rotation also covers retries still pending.
    const { webhookSecret } = await findAlertSettings(prisma, delivery.tenantId);
    if (!webhookSecret) return failedBeforeSending("The webhook was removed from the alert settings.");
    return sendWebhook({
      url: delivery.target,
      secret: webhookSecret,
      eventId: delivery.eventId,
      body: delivery.payload,
      sentAt,
    });
  }
  if (!smtp) return failedBeforeSending("E-mail is not configured on the server (SMTP settings).");
  return sendAlertEmail({ smtp, recipients: JSON.parse(delivery.target) as string[], payload });
}

const failedBeforeSending = (error: string): DeliveryAttempt => ({
  delivered: false,
  statusCode: null,
  response: null,
  error,
});

/**
 * Makes one attempt at a claimed delivery and records what it answered: Delivered, Pending again
 * with the next attempt due after the back-off, or Failed after the last attempt. Only the lease
 * holder records; a sender that lost its lease leaves the row to the one that took it.
 */
export async function deliverAlert(
  delivery: AlertDelivery,
  options: { owner: string; clock: Clock; smtp: SmtpConfig | null },
): Promise<AlertDelivery | null> {
  const result = await attempt(delivery, options.smtp, options.clock());
  const finishedAt = options.clock();
  const retryAt = nextAttemptAfter(delivery.attempts, finishedAt);
  const status = result.delivered ? "Delivered" : retryAt ? "Pending" : "Failed";
  const recorded = await prisma.alertDelivery.updateMany({
    where: { id: delivery.id, leaseOwner: options.owner, status: "Sending" },
    data: {
      status,
      lastStatusCode: result.statusCode,
      lastResponse: result.response,
      lastError: result.error,
      lastAttemptAt: finishedAt,
      deliveredAt: result.delivered ? finishedAt : null,
      nextAttemptAt: retryAt ?? delivery.nextAttemptAt,
      leaseOwner: null,
      leaseExpiresAt: null,
    },
  });
  return recorded.count === 1 ? prisma.alertDelivery.findUnique({ where: { id: delivery.id } }) : null;
}
