// Why the sign-in page is shown after the account page ended every session: a fixed list, so the
// query string can only pick one of these texts, never supply its own.
export const accountNotices = {
  "password-changed": "Your password was changed and every session signed out. Sign in with your new password.",
  "signed-out-everywhere": "You were signed out of every session. Sign in again to continue.",
} as const;

export type AccountNotice = keyof typeof accountNotices;

export const noticeOf = (value: unknown): string | null =>
  typeof value === "string" && Object.hasOwn(accountNotices, value) ? accountNotices[value as AccountNotice] : null;
