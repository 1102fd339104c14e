import { createHmac } from "node:crypto";

/**
 * The X-BackupCenter-Signature value: HMAC-SHA256 with the tenant's webhook secret over
 * "<timestamp>.<body>" (the X-BackupCenter-Timestamp header, a dot, the raw body), in hex. Signing
 * the timestamp too lets a receiver refuse an old delivery replayed later.
 */
export function signWebhook(options: { secret: string; timestamp: string; body: string }): string {
  const hmac = createHmac("sha256", options.secret).update(`${options.timestamp}.${options.body}`).digest("hex");
  return `sha256=${hmac}`;
}
