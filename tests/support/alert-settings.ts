// Alert settings for a tenant, written straight to the database for tests about delivery (the
// Alerts page's own service is tested through its actions).
import type { AlertEventType } from "@/lib/alerts/alert-events";
import { alertEventTypes } from "@/lib/alerts/alert-events";
import { prisma } from "@/lib/db";

export const webhookSecret = "whsec_test-secret-for-signatures";

export async function configureAlerts(
  tenantId: string,
  options: { webhookUrl?: string; recipients?: string[]; events?: readonly AlertEventType[] },
) {
  const data = {
    webhookUrl: options.webhookUrl ?? null,
    webhookSecret: options.webhookUrl ? webhookSecret : null,
    emailRecipients: JSON.stringify(options.recipients ?? []),
    events: JSON.stringify(options.events ?? alertEventTypes),
  };
  await prisma.alertSettings.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
}
