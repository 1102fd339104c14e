import "server-only";
import { clip, type DeliveryAttempt } from "./delivery-attempt";
import { signWebhook } from "./sign-webhook";

export const webhookTimeoutMs = 10_000;

/**
 * POSTs one alert as JSON with its event id, timestamp and signature headers. Any 2xx answer is
 * delivered; anything else (another status, a redirect, a timeout, a refused connection) is a
 * failed attempt that the outbox retries. Redirects are not followed, so a signed alert never
 * travels to an address the admin did not configure.
 */
export async function sendWebhook(options: {
  url: string;
  secret: string;
  eventId: string;
  body: string;
  sentAt: Date;
}): Promise<DeliveryAttempt> {
  const timestamp = String(Math.floor(options.sentAt.getTime() / 1000));
  try {
    const response = await fetch(options.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(webhookTimeoutMs),
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "BackupCenter-Alerts/1",
        "X-BackupCenter-Event-Id": options.eventId,
        "X-BackupCenter-Timestamp": timestamp,
        "X-BackupCenter-Signature": signWebhook({ secret: options.secret, timestamp, body: options.body }),
      },
      body: options.body,
    });
    const text = clip(await response.text());
    const delivered = response.status >= 200 && response.status < 300;
    return {
      delivered,
      statusCode: response.status,
      response: text || null,
      error: delivered ? null : `The webhook answered HTTP ${response.status}.`,
    };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      delivered: false,
      statusCode: null,
      response: null,
      error: timedOut
        ? `No answer within ${webhookTimeoutMs / 1000} s.`
        : clip(`Could not reach the webhook: ${cause?.code ?? cause?.message ?? (error as Error).message}`),
    };
  }
}
