import "server-only";
import { env } from "../env";

/** Sessions last SESSION_MAX_AGE_HOURS from sign-in, however often the token is re-issued. */
export const sessionMaxAgeSeconds = () => env().SESSION_MAX_AGE_HOURS * 3600;

/** The token's sign-in time (`at`, seconds) lies within the session lifetime. */
export function isWithinSessionLifetime(token: Record<string, unknown>, now = Date.now()): boolean {
  return typeof token.at === "number" && now / 1000 - token.at < sessionMaxAgeSeconds() && token.at <= now / 1000 + 60;
}
