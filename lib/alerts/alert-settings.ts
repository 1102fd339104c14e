import "server-only";
import type { AlertSettings, Prisma, Tenant } from "@prisma/client";
import { prisma } from "../db";
import { smtpConfig } from "../env";
import { isAlertEventType, type AlertEventType } from "./alert-events";

/** A tenant's alert settings, with the JSON columns read. */
export type TenantAlertSettings = {
  webhookUrl: string | null;
  webhookSecret: string | null;
  recipients: string[];
  events: AlertEventType[];
};

function stringsOf(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function readAlertSettings(row: AlertSettings | null): TenantAlertSettings {
  if (!row) return { webhookUrl: null, webhookSecret: null, recipients: [], events: [] };
  return {
    webhookUrl: row.webhookUrl,
    webhookSecret: row.webhookSecret,
    recipients: stringsOf(row.emailRecipients),
    // A type this version no longer knows is ignored rather than sent.
    events: stringsOf(row.events).filter(isAlertEventType),
  };
}

export async function findAlertSettings(db: Prisma.TransactionClient, tenantId: string): Promise<TenantAlertSettings> {
  return readAlertSettings(await db.alertSettings.findUnique({ where: { tenantId } }));
}

/** What the Alerts page shows: never the secret itself, only whether the webhook has one. */
export async function findAlertSettingsView(options: { tenant: Tenant }) {
  const settings = await findAlertSettings(prisma, options.tenant.id);
  return {
    webhookUrl: settings.webhookUrl ?? "",
    hasWebhookSecret: settings.webhookSecret !== null,
    recipients: settings.recipients,
    events: settings.events,
    emailConfigured: smtpConfig() !== null,
  };
}
export type AlertSettingsView = Awaited<ReturnType<typeof findAlertSettingsView>>;
