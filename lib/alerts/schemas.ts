// Shared by the Alerts page's form and its server actions (always re-parsed there).
import { z } from "zod";
import { emailInput } from "../validation/email";
import { idInput } from "../validation/text";
import { alertEventTypes } from "./alert-events";

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Where webhooks go: https anywhere, or plain http only to this machine (a local relay or agent),
 * since a signed alert over plain http to another host could be read or altered on the way.
 * Empty means no webhook.
 */
export const webhookUrlInput = z
  .string()
  .trim()
  .max(2000, "Use an address of at most 2,000 characters.")
  .refine((value) => {
    if (value === "") return true;
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.has(url.hostname));
  }, "Enter an https:// address (http:// only to localhost or 127.0.0.1).");

/** Addresses typed one per line or separated by commas; at most 20, each once. */
export const recipientsInput = z
  .string()
  .max(5000, "List at most 20 addresses.")
  .transform((value) => value.split(/[\s,;]+/).filter(Boolean))
  .pipe(
    z
      .array(emailInput)
      .max(20, "List at most 20 addresses.")
      .transform((list) => [...new Set(list)]),
  );

export const saveAlertSettingsInput = z.object({
  tenantId: idInput,
  webhookUrl: webhookUrlInput,
  recipients: recipientsInput,
  events: z.array(z.enum(alertEventTypes)).max(alertEventTypes.length),
});

export const tenantAlertsInput = z.object({ tenantId: idInput });
