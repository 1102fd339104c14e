"use client";

import { signIn } from "next-auth/react";
import { useState, useTransition } from "react";
import { buttonStyles, inputStyles } from "./ui/button-styles";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(formData: FormData) {
    setError(null);
    startTransition(async () => {
      const result = await signIn("credentials", {
        email: String(formData.get("email") ?? ""),
        password: String(formData.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        setError(
          result?.error && result.error !== "CredentialsSignin" ? result.error : "The email or password is incorrect.",
        );
        return;
      }
      // A full navigation so every server component renders for the new session.
      window.location.assign(callbackUrl);
    });
  }

  return (
    <form action={submit} className="mt-6 space-y-4" noValidate={false}>
      <div>
        <label htmlFor="email" className="mb-1 block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          className={inputStyles}
          aria-invalid={!!error}
          aria-describedby={error ? "signin-error" : undefined}
        />
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputStyles}
          aria-invalid={!!error}
          aria-describedby={error ? "signin-error" : undefined}
        />
      </div>
      {error && (
        <p
          id="signin-error"
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
