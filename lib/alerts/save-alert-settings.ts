import "server-only";
import type { Tenant } from "@prisma/client";
import type { AuditAccepted } from "../audit/record-audit";
import { prisma } from "../db";
import type { AlertEventType } from "./alert-events";
import { findAlertSettings } from "./alert-settings";
import { generateWebhookSecret } from "./generate-webhook-secret";

/**
 * Saves where a tenant's alerts go and which events it wants. A webhook gets its signing secret
 * the first time it is set (or when its address changes, so the new receiver never shares one with
 * the old), returned once for the admin to copy; removing the webhook forgets the secret.
 */
export async function saveAlertSettings(options: {
  tenant: Tenant;
  webhookUrl: string;
  recipients: string[];
  events: AlertEventType[];
  audit: AuditAccepted;
}): Promise<{ newWebhookSecret: string | null }> {
  const { tenant } = options;
  return prisma.$transaction(async (tx) => {
    const current = await findAlertSettings(tx, tenant.id);
    const webhookUrl = options.webhookUrl || null;
    const keepSecret = webhookUrl !== null && webhookUrl === current.webhookUrl && current.webhookSecret !== null;
    const newWebhookSecret = webhookUrl && !keepSecret ? generateWebhookSecret() : null;
    const data = {
      webhookUrl,
      webhookSecret: webhookUrl ? (newWebhookSecret ?? current.webhookSecret) : null,
      emailRecipients: JSON.stringify(options.recipients),
      events: JSON.stringify(options.events),
    };
    await tx.alertSettings.upsert({
      where: { tenantId: tenant.id },
      create: { tenantId: tenant.id, ...data },
      update: data,
    });
    await options.audit(tx, {
      detail: `Webhook ${webhookUrl ? "set" : "off"}, ${options.recipients.length} e-mail recipient(s), ${options.events.length} event(s).`,
    });
    return { newWebhookSecret };
  });
}
