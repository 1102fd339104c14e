import "server-only";
import { createHash } from "node:crypto";

/**
 * Only this digest of a set-password token is stored: someone who reads the database cannot use
 * a pending link. The token itself is 256 random bits, so a fast hash is enough (no salt needed).
 */
export function hashSetPasswordToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
