"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { revokeDelegatedAdminAction } from "@/app/(admin)/users/actions";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { buttonStyles } from "../ui/button-styles";

/** "Revoke" → confirm: the partner's people lose Delegated Admin of the tenant on their next click. */
export function RevokeDelegationDialog({
  tenant,
  partner,
}: {
  tenant: { id: string; name: string };
  partner: { id: string; name: string };
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      const result = await revokeDelegatedAdminAction({ tenantId: tenant.id, partnerTenantId: partner.id });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setOpen(false);
      toast.success(`${partner.name} no longer holds Delegated Admin of ${tenant.name}.`);
    });
  }

  return (
    <>
      <button
        type="button"
        className={buttonStyles.secondary}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
      >
        Revoke<span className="sr-only"> {partner.name}</span>
      </button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title={`Revoke ${partner.name}`}
        description={`${partner.name}'s people lose Delegated Admin of ${tenant.name} and are signed out now.`}
      >
        <div className="space-y-4 text-left">
          <FormAlert>{error}</FormAlert>
          <DialogActions
            onCancel={() => setOpen(false)}
            confirmLabel="Revoke"
            onConfirm={confirm}
            tone="danger"
            pending={pending}
          />
        </div>
      </Modal>
    </>
  );
}
