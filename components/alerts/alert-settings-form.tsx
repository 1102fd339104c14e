"use client";

import { useState, useTransition } from "react";
import { z } from "zod";
import { rotateWebhookSecretAction, saveAlertSettingsAction } from "@/app/(admin)/alerts/actions";
import { alertEventLabels, alertEventTypes, type AlertEventType } from "@/lib/alerts/alert-events";
import { saveAlertSettingsInput } from "@/lib/alerts/schemas";
import { buttonStyles, inputStyles } from "../ui/button-styles";
import { FormAlert } from "../ui/dialog-parts";
import { FormField } from "../ui/form-field";
import { WebhookSecret } from "./webhook-secret";

type Settings = {
  webhookUrl: string;
  hasWebhookSecret: boolean;
  recipients: string[];
  events: AlertEventType[];
  emailConfigured: boolean;
};

/** Webhook URL, e-mail recipients and the events to send → Save; the webhook's secret, shown once. */
export function AlertSettingsForm({ tenant, settings }: { tenant: { id: string; name: string }; settings: Settings }) {
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = saveAlertSettingsInput.safeParse({
      tenantId: tenant.id,
      webhookUrl: String(form.get("webhookUrl") ?? ""),
      recipients: String(form.get("recipients") ?? ""),
      events: form.getAll("events").map(String),
    });
    setSaved(null);
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors);
      setFormError(null);
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      const result = await saveAlertSettingsAction({
        tenantId: tenant.id,
        webhookUrl: String(form.get("webhookUrl") ?? ""),
        recipients: String(form.get("recipients") ?? ""),
        events: parsed.data.events,
      });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.fieldErrors ? null : result.error);
        return;
      }
      setSecret(result.data.newWebhookSecret);
      setSaved("Alert settings saved.");
    });
  }

  function rotate() {
    setSaved(null);
    startTransition(async () => {
      const result = await rotateWebhookSecretAction({ tenantId: tenant.id });
      if (!result.ok) {
        setFormError(result.error);
        return;
      }
      setSecret(result.data.secret);
      setSaved("A new secret signs every webhook from now on; the old one no longer does.");
    });
  }

  return (
    <form
      onSubmit={submit}
      className="max-w-2xl space-y-5 text-sm"
      noValidate
      aria-label={`Alert settings of ${tenant.name}`}
    >
      <FormField
        id="webhook-url"
        name="webhookUrl"
        label="Webhook URL"
        hint="Alerts are POSTed here as signed JSON. https://, or http:// to this machine only. Leave empty for none."
        errors={errors.webhookUrl}
      >
        {(control) => (
          <input
            {...control}
            type="url"
            defaultValue={settings.webhookUrl}
            placeholder="https://hooks.example.com/backup-center"
            className={inputStyles}
          />
        )}
      </FormField>
      {settings.hasWebhookSecret && !secret && (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-slate-600 dark:text-slate-400">
            Requests are signed with a secret shown when it was made.
          </p>
          <button type="button" className={buttonStyles.secondary} onClick={rotate} disabled={pending}>
            Rotate secret
          </button>
        </div>
      )}
      {secret && <WebhookSecret secret={secret} />}
      <FormField
        id="recipients"
        name="recipients"
        label="E-mail recipients"
        hint={
          settings.emailConfigured
            ? "One address per line, or separated by commas."
            : "E-mail is not configured on this server (SMTP settings), so no e-mail is sent. Addresses are kept for when it is."
        }
        errors={errors.recipients}
      >
        {(control) => (
          <textarea {...control} rows={3} defaultValue={settings.recipients.join("\n")} className={inputStyles} />
        )}
      </FormField>
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Send alerts for</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {alertEventTypes.map((type) => (
            <label key={type} className="flex items-center gap-2">
              <input
                type="checkbox"
                name="events"
                value={type}
                defaultChecked={settings.events.includes(type)}
                className="size-4"
              />
              {alertEventLabels[type]}
            </label>
          ))}
        </div>
        {errors.events?.[0] && <p className="mt-1 text-sm text-red-700 dark:text-red-300">{errors.events[0]}</p>}
      </fieldset>
      <FormAlert>{formError}</FormAlert>
      <p role="status" className="text-emerald-800 dark:text-emerald-300">
        {saved}
      </p>
      <button type="submit" className={buttonStyles.primary} disabled={pending} aria-busy={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
