import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// The one-time setup code: 16 characters of a 32-letter alphabet (80 random bits), shown in groups
// of four. Only its SHA-256 is stored (in AppSetting, so every web process checks the same code); a
// random code of this length needs no slow hash, since it cannot be guessed from a list.

/** The AppSetting row that holds the current code's hash and expiry. */
export const setupCodeSetting = "setup.code";

/** How long a printed code works; each start prints a new one. */
export const setupCodeLifetimeMs = 60 * 60_000;

/** No 0, 1, I or O: the code is read off a log and typed. 32 symbols, so a byte's low 5 bits pick one unbiased. */
const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

export type StoredSetupCode = { sha256: string; expiresAt: string };

/** A fresh code ("K7QM-4XPD-9RTA-2WHF") and what to store for it. */
export function generateSetupCode(now: Date): { code: string; stored: StoredSetupCode } {
  const letters = [...randomBytes(16)].map((byte) => alphabet[byte & 31]).join("");
  const code = letters.match(/.{4}/g)!.join("-");
  return {
    code,
    stored: { sha256: digest(code), expiresAt: new Date(now.getTime() + setupCodeLifetimeMs).toISOString() },
  };
}

/** Whether `typed` is the stored code, compared in constant time; case, spaces and hyphens don't matter. */
export function matchesSetupCode(typed: string, stored: StoredSetupCode): boolean {
  const expected = Buffer.from(stored.sha256, "hex");
  const actual = Buffer.from(digest(typed), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function digest(code: string): string {
  return createHash("sha256").update(code.toUpperCase().replace(/[\s-]/g, "")).digest("hex");
}
