// The "Backups for" picker remembers the last instance opened in a cookie. The cookie only ever
// suggests: it is read against the instances the actor may see, so a stale or foreign id (another
// user of the same browser, a revoked role) falls back to the first visible instance.

export const rememberedInstanceCookie = "backups-instance";

/** Long enough to outlast holidays; browsers cap cookie lifetimes at 400 days anyway. */
export const rememberedInstanceMaxAgeSeconds = 180 * 24 * 60 * 60;

/** What an instance id looks like (a cuid, or a test fixture's name); anything else is never written to the cookie. */
export const rememberableInstanceId = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The `document.cookie` assignment that remembers `instanceId` for `/backups` only, or null for
 * a value that is no instance id (it would smuggle cookie attributes in).
 */
export function rememberedInstanceCookieText(instanceId: string, options: { secure: boolean }): string | null {
  if (!rememberableInstanceId.test(instanceId)) return null;
  const secure = options.secure ? "; Secure" : "";
  return `${rememberedInstanceCookie}=${instanceId}; Path=/backups; Max-Age=${rememberedInstanceMaxAgeSeconds}; SameSite=Lax${secure}`;
}

/** The remembered instance if the actor may see it, else the first they may. */
export function pickRememberedInstance<T extends { id: string }>(
  visible: readonly T[],
  rememberedId?: string,
): T | undefined {
  return visible.find((instance) => instance.id === rememberedId) ?? visible[0];
}
