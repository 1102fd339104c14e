"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { createInstanceAction } from "@/app/(admin)/instances/actions";
import { regions } from "@/lib/instances/regions";
import { createInstanceInput } from "@/lib/instances/schemas";
import { releasedVersions } from "@/lib/instances/versions";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { FormField } from "../ui/form-field";
import { Modal } from "../ui/modal";
import { buttonStyles, inputStyles } from "../ui/button-styles";

type FieldErrors = Record<string, string[] | undefined>;

const newestVersion = releasedVersions[releasedVersions.length - 1];

/** "New instance" → name, URL/domain, type, version, region → Create: an empty instance in `tenant`. */
export function NewInstanceDialog({ tenant }: { tenant: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const prefix = `new-instance-${tenant.id}`;

  function changeOpen(next: boolean) {
    setOpen(next);
    setErrors({});
    setFormError(null);
  }

  // onSubmit rather than a form action: React resets a form after its action, which would wipe
  // what was typed when the server refuses it.
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const values = Object.fromEntries(
      ["name", "domain", "type", "version", "region"].map((key) => [key, String(formData.get(key) ?? "")]),
    );
    const parsed = createInstanceInput.safeParse({ tenantId: tenant.id, ...values });
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors);
      setFormError(null);
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      const result = await createInstanceAction(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        return;
      }
      changeOpen(false);
      toast.success(`${parsed.data.name} was created. It starts empty; its daily system backup follows shortly.`);
    });
  }

  return (
    <>
      <button type="button" className={buttonStyles.primary} onClick={() => changeOpen(true)}>
        New instance<span className="sr-only"> in {tenant.name}</span>
      </button>
      <Modal
        open={open}
        onOpenChange={changeOpen}
        title="New instance"
        description={`Create an empty instance in ${tenant.name}. It gets a system backup every day, like every other.`}
      >
        <form onSubmit={submit} className="space-y-4 text-sm" noValidate>
          <FormField id={`${prefix}-name`} name="name" label="Name" errors={errors.name}>
            {(control) => <input {...control} className={inputStyles} maxLength={100} autoComplete="off" />}
          </FormField>
          <FormField
            id={`${prefix}-domain`}
            name="domain"
            label="URL or domain"
            hint="For example contoso-dev.crm.example. Domains are unique across all tenants."
            errors={errors.domain}
          >
            {(control) => <input {...control} className={inputStyles} maxLength={253} autoComplete="off" />}
          </FormField>
          <fieldset aria-describedby={`${prefix}-type-hint`}>
            <legend className="mb-1 block text-sm font-medium">Type</legend>
            <div className="flex gap-6">
              {(["Sandbox", "Production"] as const).map((type) => (
                <label key={type} className="flex items-center gap-2">
                  <input type="radio" name="type" value={type} defaultChecked={type === "Sandbox"} />
                  {type}
                </label>
              ))}
            </div>
            <p id={`${prefix}-type-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              Only a Sandbox can be the target of a restore, so a new Sandbox can be filled from a backup.
            </p>
            {errors.type && (
              <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
                {errors.type[0]}
              </p>
            )}
          </fieldset>
          <FormField id={`${prefix}-version`} name="version" label="Version" errors={errors.version}>
            {(control) => (
              <select {...control} className={inputStyles} defaultValue={newestVersion}>
                {[...releasedVersions].reverse().map((version) => (
                  <option key={version} value={version}>
                    {version}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id={`${prefix}-region`} name="region" label="Region" errors={errors.region}>
            {(control) => (
              <select {...control} className={inputStyles} defaultValue="">
                <option value="" disabled>
                  Choose a region
                </option>
                {regions.map((region) => (
                  <option key={region} value={region}>
                    {region}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormAlert>{formError}</FormAlert>
          <DialogActions onCancel={() => changeOpen(false)} confirmLabel="Create" pending={pending} />
        </form>
      </Modal>
    </>
  );
}
