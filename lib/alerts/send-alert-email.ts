import "server-only";
import nodemailer from "nodemailer";
import type { SmtpConfig } from "../env";
import { alertEventLabels, type AlertPayload } from "./alert-events";
import { clip, type DeliveryAttempt } from "./delivery-attempt";

/** The subject and plain-text body of an alert e-mail. */
export function writeAlertEmail(payload: AlertPayload): { subject: string; text: string } {
  const about = payload.instance?.name ?? payload.tenant.name;
  const lines = [
    payload.message,
    "",
    `Event: ${alertEventLabels[payload.type]}`,
    `Organisation: ${payload.tenant.name}`,
    ...(payload.instance ? [`Instance: ${payload.instance.name}`] : []),
    ...(payload.backup ? [`Backup: ${payload.backup.label}`] : []),
    `Time: ${payload.occurredAt}`,
    `Event ID: ${payload.id}`,
  ];
  return { subject: `[Backup Center] ${alertEventLabels[payload.type]}: ${about}`, text: `${lines.join("\n")}\n` };
}

function transportOf(smtp: SmtpConfig) {
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
  if ("url" in smtp.server) return nodemailer.createTransport(smtp.server.url, timeouts);
  const { host, port, user, password } = smtp.server;
  return nodemailer.createTransport({
    host,
    port,
    // Port 465 speaks TLS from the start; others upgrade with STARTTLS when the server offers it.
    secure: port === 465,
    auth: user ? { user, pass: password } : undefined,
    ...timeouts,
  });
}

/** Sends one alert e-mail to every recipient; the server's accepting reply is the delivery. */
export async function sendAlertEmail(options: {
  smtp: SmtpConfig;
  recipients: string[];
  payload: AlertPayload;
}): Promise<DeliveryAttempt> {
  const transport = transportOf(options.smtp);
  try {
    const info = await transport.sendMail({
      from: options.smtp.from,
      to: options.recipients,
      ...writeAlertEmail(options.payload),
      headers: { "X-BackupCenter-Event-Id": options.payload.id },
    });
    const rejected = info.rejected.length;
    const code = Number(/^\d{3}/.exec(info.response)?.[0] ?? "") || null;
    return {
      delivered: rejected === 0,
      statusCode: code,
      response: clip(info.response),
      error: rejected === 0 ? null : `The server refused ${rejected} recipient(s).`,
    };
  } catch (error) {
    const smtpError = error as { responseCode?: number; response?: string; message?: string };
    return {
      delivered: false,
      statusCode: smtpError.responseCode ?? null,
      response: smtpError.response ? clip(smtpError.response) : null,
      error: clip(`Could not send the e-mail: ${smtpError.message ?? String(error)}`),
    };
  } finally {
    transport.close();
  }
}
