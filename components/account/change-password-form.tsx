"use client";

import { useState, useTransition } from "react";
import { z } from "zod";
import { changePasswordAction } from "@/app/account/actions";
import { changePasswordInput } from "@/lib/account/schemas";
import { passwordHint } from "@/lib/validation/password";
import { buttonStyles, inputStyles } from "../ui/button-styles";
import { FormAlert } from "../ui/dialog-parts";
import { FormField } from "../ui/form-field";
import { endSession } from "./end-session";

/** Current password → new password twice → Change password; then every session, this one too, ends. */
export function ChangePasswordForm() {
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = changePasswordInput.safeParse({
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword: String(form.get("newPassword") ?? ""),
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    });
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors);
      setFormError(null);
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      const result = await changePasswordAction(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.fieldErrors ? null : result.error);
        return;
      }
      await endSession("password-changed");
    });
  }

  return (
    <form onSubmit={submit} className="max-w-sm space-y-4 text-sm" noValidate>
      <FormField id="current-password" name="currentPassword" label="Current password" errors={errors.currentPassword}>
        {(control) => <input {...control} type="password" autoComplete="current-password" className={inputStyles} />}
      </FormField>
      <FormField
        id="new-password"
        name="newPassword"
        label="New password"
        hint={passwordHint}
        errors={errors.newPassword}
      >
        {(control) => <input {...control} type="password" autoComplete="new-password" className={inputStyles} />}
      </FormField>
      <FormField
        id="confirm-password"
        name="confirmPassword"
        label="Confirm new password"
        errors={errors.confirmPassword}
      >
        {(control) => <input {...control} type="password" autoComplete="new-password" className={inputStyles} />}
      </FormField>
      <FormAlert>{formError}</FormAlert>
      <button type="submit" className={buttonStyles.primary} disabled={pending} aria-busy={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
