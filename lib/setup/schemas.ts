// Shared by the setup page and its server action (always re-parsed there), and by create-admin.
import { z } from "zod";
import { emailInput } from "../validation/email";
import { newPasswordInput } from "../validation/password";
import { textInput } from "../validation/text";

export const organisationInput = textInput({ max: 100, required: "Enter your organisation's name." });
export const personNameInput = textInput({ max: 100, required: "Enter a name." });

/** The first global admin and their organisation, as create-admin takes them. */
export const globalAdminInput = z.object({
  tenant: organisationInput,
  name: personNameInput,
  email: emailInput,
  password: newPasswordInput,
});

export const setupInput = z
  .object({
    code: textInput({ max: 64, required: "Enter the setup code from the server log." }),
    tenant: organisationInput,
    name: personNameInput,
    email: emailInput,
    password: newPasswordInput,
    confirmPassword: z.string(),
  })
  .refine((input) => input.password === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords don't match.",
  });
