"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { addUserAction } from "@/app/(admin)/users/actions";
import type { CredentialKind } from "@/lib/users/credential-kinds";
import { addUserInput } from "@/lib/users/schemas";
import { passwordHint } from "@/lib/validation/password";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { FormField } from "../ui/form-field";
import { Modal } from "../ui/modal";
import { buttonStyles, inputStyles } from "../ui/button-styles";
import { SetPasswordLink } from "./set-password-link";

type FieldErrors = Record<string, string[] | undefined>;

const credentialLabels: Record<CredentialKind, string> = {
  password: "Set an initial password",
  link: "Send a one-time set-password link",
  sso: "Single sign-on only",
};

/** "Add user" → name, e-mail, how they sign in → Add; a set-password link is then shown once. */
export function AddUserDialog({
  tenant,
  credentialKinds,
  linkHours,
}: {
  tenant: { id: string; name: string };
  credentialKinds: CredentialKind[];
  linkHours: number;
}) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<CredentialKind>(credentialKinds[0] ?? "password");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [link, setLink] = useState<{ path: string; userName: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const prefix = `add-user-${tenant.id}`;

  function changeOpen(next: boolean) {
    setOpen(next);
    setErrors({});
    setFormError(null);
    setLink(null);
    setKind(credentialKinds[0] ?? "password");
  }

  // onSubmit rather than a form action: React resets a form after its action, which would wipe
  // what was typed when the server refuses it.
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const credential = kind === "password" ? { kind, password: String(formData.get("password") ?? "") } : { kind };
    const parsed = addUserInput.safeParse({
      tenantId: tenant.id,
      name: String(formData.get("name") ?? ""),
      email: String(formData.get("email") ?? ""),
      credential,
    });
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors);
      setFormError(null);
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      const result = await addUserAction(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        return;
      }
      if (result.data.setPasswordPath) {
        setLink({ path: result.data.setPasswordPath, userName: parsed.data.name });
        return;
      }
      changeOpen(false);
      toast.success(`${parsed.data.name} was added to ${tenant.name}.`);
    });
  }

  return (
    <>
      <button type="button" className={buttonStyles.primary} onClick={() => changeOpen(true)}>
        Add user
      </button>
      <Modal
        open={open}
        onOpenChange={changeOpen}
        title={link ? "User added" : "Add user"}
        description={
          link
            ? `${link.userName} was added to ${tenant.name} without a role.`
            : `Add a person to ${tenant.name}. They get no role until you give them one.`
        }
      >
        {link ? (
          <div className="space-y-4">
            <SetPasswordLink path={link.path} userName={link.userName} hours={linkHours} />
            <div className="flex justify-end">
              <button type="button" className={buttonStyles.primary} onClick={() => changeOpen(false)}>
                Done
              </button>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} className="space-y-4 text-sm" noValidate>
            <FormField id={`${prefix}-name`} name="name" label="Name" errors={errors.name}>
              {(control) => <input {...control} className={inputStyles} maxLength={100} autoComplete="off" />}
            </FormField>
            <FormField id={`${prefix}-email`} name="email" label="E-mail" errors={errors.email}>
              {(control) => (
                <input {...control} type="email" className={inputStyles} maxLength={254} autoComplete="off" />
              )}
            </FormField>
            <fieldset>
              <legend className="mb-1 block text-sm font-medium">Sign-in</legend>
              <div className="space-y-1">
                {credentialKinds.map((option) => (
                  <label key={option} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="credential"
                      value={option}
                      checked={kind === option}
                      onChange={() => setKind(option)}
                    />
                    {credentialLabels[option]}
                  </label>
                ))}
              </div>
            </fieldset>
            {kind === "password" && (
              <FormField
                id={`${prefix}-password`}
                name="password"
                label="Initial password"
                hint={`${passwordHint} Give it to the user yourself.`}
                errors={errors.credential}
              >
                {(control) => (
                  <input {...control} type="password" className={inputStyles} autoComplete="new-password" />
                )}
              </FormField>
            )}
            {kind !== "password" && errors.credential && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                {errors.credential[0]}
              </p>
            )}
            <FormAlert>{formError}</FormAlert>
            <DialogActions onCancel={() => changeOpen(false)} confirmLabel="Add" pending={pending} />
          </form>
        )}
      </Modal>
    </>
  );
}
