// The one strength rule for every password a person chooses (first-run setup, create-admin, a new
// user's initial password, a password change), shared by the forms and the server. Length is what
// makes a password strong (NIST SP 800-63B): no composition rules, any characters, spaces allowed.
// A password made of one repeated character, or one of the product's own words, is refused.
import { z } from "zod";

export const passwordMinLength = 12;
/** argon2 hashes any length, but an unbounded input is a denial-of-service lever. */
export const passwordMaxLength = 256;

/** Shown next to every new-password field. */
export const passwordHint = `At least ${passwordMinLength} characters. A passphrase of a few words is a good choice.`;

/** The demo accounts' published password among them: it must never protect a real account. */
const knownPasswords = new Set(["backupcenter!1", "backupcenter", "backup center", "password1234", "123456789012"]);

export const newPasswordInput = z
  .string({ error: "Enter a password." })
  .min(1, "Enter a password.")
  .min(passwordMinLength, `Use at least ${passwordMinLength} characters.`)
  .max(passwordMaxLength, `Use at most ${passwordMaxLength} characters.`)
  .refine((value) => new Set(value).size > 1, { message: "Don't repeat one character; use a few words instead." })
  .refine((value) => !knownPasswords.has(value.toLowerCase()), {
    message: "This password is publicly known. Choose another.",
  });
