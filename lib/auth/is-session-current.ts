import "server-only";

/**
 * Whether a session token still stands for its user: the user exists, is not disabled, and the
 * token carries the session version the database holds (bumped on sign-out, password change, role
 * change and disabling). Checked on every request and on every token re-issue.
 */
export function isSessionCurrent(
  user: { disabledAt: Date | null; sessionVersion: number } | null,
  token: Record<string, unknown>,
): boolean {
  return user !== null && user.disabledAt === null && user.sessionVersion === token.sv;
}
