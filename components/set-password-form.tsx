"use client";

import { signIn } from "next-auth/react";
import { useState, useTransition } from "react";
import { defaultCallback } from "@/lib/auth/safe-callback";
import { newPasswordInput } from "@/lib/validation/password";
import { FormField } from "./ui/form-field";
import { buttonStyles, inputStyles } from "./ui/button-styles";

/** The set-password link's form: the new password twice, then the "set-password" sign-in. */
export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [errors, setErrors] = useState<{ password?: string[]; confirm?: string[] }>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const password = String(formData.get("password") ?? "");
    const parsed = newPasswordInput.safeParse(password);
    if (!parsed.success) {
      setErrors({ password: [parsed.error.issues[0]!.message] });
      return;
    }
    if (formData.get("confirm") !== password) {
      setErrors({ confirm: ["The two passwords differ."] });
      return;
    }
    setErrors({});
    setError(null);
    startTransition(async () => {
      const result = await signIn("set-password", { token, password, redirect: false });
      if (!result || result.error) {
        setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Setting the password failed.");
        return;
      }
      // A full navigation so every server component renders for the new session.
      window.location.assign(defaultCallback);
    });
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate>
      {/* Lets password managers save the new password under the right account. */}
      <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
      <FormField id="new-password" name="password" label="New password" errors={errors.password}>
        {(control) => <input {...control} type="password" autoComplete="new-password" className={inputStyles} />}
      </FormField>
      <FormField id="confirm-password" name="confirm" label="Confirm password" errors={errors.confirm}>
        {(control) => <input {...control} type="password" autoComplete="new-password" className={inputStyles} />}
      </FormField>
      {error && (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending}>
        {pending ? "Setting password…" : "Set password and sign in"}
      </button>
    </form>
  );
}
