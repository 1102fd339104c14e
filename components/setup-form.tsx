"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { setUpAction } from "@/app/setup/actions";
import { setupInput } from "@/lib/setup/schemas";
import { FormAlert } from "./ui/dialog-parts";
import { FormField } from "./ui/form-field";
import { buttonStyles, inputStyles } from "./ui/button-styles";

const fields = ["code", "tenant", "name", "email", "password", "confirmPassword"] as const;

/** Setup code, organisation, name, e-mail, password (twice) → Set up Backup Center → sign in. */
export function SetupForm({ passwordHint }: { passwordHint: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  // onSubmit rather than a form action: React resets a form after its action, which would wipe
  // what was typed when the server refuses it.
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const values = Object.fromEntries(fields.map((key) => [key, String(formData.get(key) ?? "")]));
    const parsed = setupInput.safeParse(values);
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors);
      setFormError(null);
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      const result = await setUpAction(values as z.input<typeof setupInput>);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        return;
      }
      toast.success(`Backup Center is set up. Sign in as ${result.data.email}.`);
      router.push(`/signin?callbackUrl=${encodeURIComponent("/instances")}`);
    });
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate>
      <FormField
        id="setup-code"
        name="code"
        label="Setup code"
        hint='Printed in the server log as "Setup code: …" when Backup Center started. It works once, for an hour.'
        errors={errors.code}
      >
        {(control) => <input {...control} type="text" autoComplete="one-time-code" className={inputStyles} />}
      </FormField>
      <FormField id="setup-tenant" name="tenant" label="Organisation" errors={errors.tenant}>
        {(control) => <input {...control} type="text" autoComplete="organization" className={inputStyles} />}
      </FormField>
      <FormField id="setup-name" name="name" label="Your name" errors={errors.name}>
        {(control) => <input {...control} type="text" autoComplete="name" className={inputStyles} />}
      </FormField>
      <FormField id="setup-email" name="email" label="Email" errors={errors.email}>
        {(control) => <input {...control} type="email" autoComplete="username" className={inputStyles} />}
      </FormField>
      <FormField id="setup-password" name="password" label="Password" hint={passwordHint} errors={errors.password}>
        {(control) => <input {...control} type="password" autoComplete="new-password" className={inputStyles} />}
      </FormField>
      <FormField
        id="setup-confirm-password"
        name="confirmPassword"
        label="Confirm password"
        errors={errors.confirmPassword}
      >
        {(control) => <input {...control} type="password" autoComplete="new-password" className={inputStyles} />}
      </FormField>
      <FormAlert>{formError}</FormAlert>
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending} aria-busy={pending}>
        {pending ? "Setting up…" : "Set up Backup Center"}
      </button>
    </form>
  );
}
