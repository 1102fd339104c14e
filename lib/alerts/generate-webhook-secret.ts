import "server-only";
import { randomBytes } from "node:crypto";

/** A new webhook signing secret: 32 random bytes, prefixed so it is recognisable in a secret store. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
