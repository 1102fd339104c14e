// Shared by the account page's forms and its server actions (always re-parsed there).
import { z } from "zod";
import { newPasswordInput, passwordMaxLength } from "../validation/password";

export const changePasswordInput = z
  .object({
    // What the user has now is checked against the hash, whatever it is: no strength rule here.
    currentPassword: z
      .string({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(passwordMaxLength, "The current password is incorrect."),
    newPassword: newPasswordInput,
    confirmPassword: z.string({ error: "Type the new password again." }),
  })
  .refine((input) => input.confirmPassword === input.newPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords don't match.",
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from your current one.",
  });

/** Signing out of every session takes no input: it always acts on the caller's own account. */
export const signOutEverywhereInput = z.object({});
