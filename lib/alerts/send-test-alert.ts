import "server-only";
import { randomBytes } from "node:crypto";
import type { AlertChannel, AlertDeliveryStatus, Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { ValidationError } from "../errors";
import { systemClock } from "../clock";
import { smtpConfig } from "../env";
import { deliveryLeaseMs } from "./claim-alert-delivery";
import { deliverAlert } from "./deliver-alert";
import { queueAlert } from "./queue-alert";

export type TestDeliveryResult = {
  channel: AlertChannel;
  status: AlertDeliveryStatus;
  statusCode: number | null;
  error: string | null;
};

/**
 * "Send test": queues a test alert to every configured channel through the outbox, like any other
 * alert, then makes the first attempt now and answers what each channel replied. A failed test is
 * retried on the usual back-off and shows in the delivery log. The deliveries are queued claimed,
 * so the worker's sender cannot take them first and leave this answer "not delivered".
 */
export async function sendTestAlert(options: {
  actor: Actor;
  tenant: Tenant;
  audit: AuditAccepted;
}): Promise<TestDeliveryResult[]> {
  const now = new Date();
  const owner = `send-test:${randomBytes(3).toString("hex")}`;
  const deliveries = await prisma.$transaction(async (tx) => {
    const queued = await queueAlert(tx, {
      type: "test",
      message: `A test alert sent by ${options.actor.name} from the Alerts page.`,
      occurredAt: now,
      subject: { tenantId: options.tenant.id },
      claimedBy: { owner, leaseExpiresAt: new Date(now.getTime() + deliveryLeaseMs) },
    });
    if (queued.length === 0) throw new ValidationError("Set a webhook or e-mail recipients first, and save.");
    await options.audit(tx, { detail: queued.map((d) => d.channel).join(", ") });
    return queued;
  });
  const ids = deliveries.map((d) => d.id);
  await Promise.all(deliveries.map((d) => deliverAlert(d, { owner, clock: systemClock, smtp: smtpConfig() })));
  const sent = await prisma.alertDelivery.findMany({ where: { id: { in: ids } }, orderBy: { channel: "asc" } });
  return sent.map((d) => ({ channel: d.channel, status: d.status, statusCode: d.lastStatusCode, error: d.lastError }));
}
