"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { grantDelegatedAdminAction } from "@/app/(admin)/users/actions";
import { grantDelegatedAdminInput } from "@/lib/users/schemas";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { FormField } from "../ui/form-field";
import { Modal } from "../ui/modal";
import { buttonStyles, inputStyles } from "../ui/button-styles";

type FieldErrors = Record<string, string[] | undefined>;

/** "Grant Delegated Admin" → the partner's organisation ID → Grant. */
export function GrantDelegationDialog({ tenant }: { tenant: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function changeOpen(next: boolean) {
    setOpen(next);
    setErrors({});
    setFormError(null);
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const parsed = grantDelegatedAdminInput.safeParse({
      tenantId: tenant.id,
      partnerTenantId: String(formData.get("partnerTenantId") ?? ""),
    });
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors);
      return;
    }
    startTransition(async () => {
      const result = await grantDelegatedAdminAction(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.fieldErrors?.partnerTenantId ? null : result.error);
        return;
      }
      changeOpen(false);
      toast.success(`${result.data.partnerName} now holds Delegated Admin of ${tenant.name}.`);
    });
  }

  return (
    <>
      <button type="button" className={buttonStyles.secondary} onClick={() => changeOpen(true)}>
        Grant Delegated Admin
      </button>
      <Modal
        open={open}
        onOpenChange={changeOpen}
        title="Grant Delegated Admin"
        description={`Let a partner organisation manage the instances and backups of ${tenant.name}. You can revoke it at any time.`}
      >
        <form onSubmit={submit} className="space-y-4 text-sm" noValidate>
          <FormField
            id={`grant-${tenant.id}-partner`}
            name="partnerTenantId"
            label="Partner's organisation ID"
            hint="The partner's Global admins find it on their Users page, under Delegated administration."
            errors={errors.partnerTenantId}
          >
            {(control) => (
              <input {...control} className={`${inputStyles} font-mono`} maxLength={64} autoComplete="off" />
            )}
          </FormField>
          <FormAlert>{formError}</FormAlert>
          <DialogActions onCancel={() => changeOpen(false)} confirmLabel="Grant" pending={pending} />
        </form>
      </Modal>
    </>
  );
}
