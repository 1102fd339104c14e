"use server";

import { defineTenantAction } from "@/lib/actions/define-tenant-action";
import { rotateWebhookSecret } from "@/lib/alerts/rotate-webhook-secret";
import { saveAlertSettings } from "@/lib/alerts/save-alert-settings";
import { saveAlertSettingsInput, tenantAlertsInput } from "@/lib/alerts/schemas";
import { sendTestAlert } from "@/lib/alerts/send-test-alert";

// Each export is a public POST endpoint; defineTenantAction authenticates, validates and checks
// `tenant.alerts.manage` (Global admins only) on the tenant the input names.

export const saveAlertSettingsAction = defineTenantAction({
  name: "alerts.save",
  permission: "tenant.alerts.manage",
  schema: saveAlertSettingsInput,
  tenantId: (input) => input.tenantId,
  run: async ({ input, tenant, audit }) => ({
    data: await saveAlertSettings({
      tenant,
      webhookUrl: input.webhookUrl,
      recipients: input.recipients,
      events: input.events,
      audit,
    }),
  }),
});

export const rotateWebhookSecretAction = defineTenantAction({
  name: "alerts.rotateSecret",
  permission: "tenant.alerts.manage",
  schema: tenantAlertsInput,
  tenantId: (input) => input.tenantId,
  run: async ({ tenant, audit }) => ({ data: await rotateWebhookSecret({ tenant, audit }) }),
});

export const sendTestAlertAction = defineTenantAction({
  name: "alerts.sendTest",
  permission: "tenant.alerts.manage",
  schema: tenantAlertsInput,
  tenantId: (input) => input.tenantId,
  run: async ({ actor, tenant, audit }) => ({ data: await sendTestAlert({ actor, tenant, audit }) }),
});
