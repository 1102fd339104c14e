"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { removeUserAction, resetPasswordAction, setUserDisabledAction } from "@/app/(admin)/users/actions";
import type { ActionResult } from "@/lib/actions/define-action";
import type { TenantUser } from "@/lib/users/list-tenant-users";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { buttonStyles } from "../ui/button-styles";
import { ManageRolesDialog } from "./manage-roles-dialog";
import { SetPasswordLink } from "./set-password-link";

type Confirmation = "disable" | "remove" | "reset";

const titles: Record<Confirmation, (name: string) => string> = {
  disable: (name) => `Disable ${name}`,
  remove: (name) => `Remove ${name}`,
  reset: (name) => `Reset the password of ${name}`,
};

const descriptions: Record<Confirmation, (name: string) => string> = {
  disable: (name) => `${name} can't sign in until enabled again, and is signed out now.`,
  remove: (name) =>
    `Remove ${name} and all of their roles? This can't be undone. Backups they took stay; the audit log keeps their e-mail.`,
  reset: (name) =>
    `${name}'s password stops working now and they are signed out. You get a one-time link for them to choose a new one.`,
};

/** A user row's actions: Manage roles, Disable/Enable, Reset password, Remove (each confirmed). */
export function UserActions({
  tenant,
  user,
  isSelf,
  instances,
  linkHours,
  canResetPassword,
}: {
  tenant: { id: string; name: string };
  user: TenantUser;
  isSelf: boolean;
  instances: { id: string; name: string }[];
  linkHours: number;
  canResetPassword: boolean;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<Confirmation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const ids = { tenantId: tenant.id, userId: user.id };

  function open(next: Confirmation | null) {
    setConfirming(next);
    setError(null);
    setLink(null);
  }

  function run(action: () => Promise<ActionResult<unknown>>, done: string) {
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        setError(result.error);
        return;
      }
      open(null);
      toast.success(done);
    });
  }

  function enable() {
    startTransition(async () => {
      const result = await setUserDisabledAction({ ...ids, disabled: false });
      if (!result.ok) toast.error(result.error);
      else toast.success(`${user.name} can sign in again.`);
      router.refresh();
    });
  }

  function confirm() {
    if (confirming === "disable")
      run(() => setUserDisabledAction({ ...ids, disabled: true }), `${user.name} was disabled.`);
    if (confirming === "remove") run(() => removeUserAction(ids), `${user.name} was removed.`);
    if (confirming === "reset")
      startTransition(async () => {
        const result = await resetPasswordAction(ids);
        if (!result.ok) {
          setError(result.error);
          return;
        }
        setLink(result.data.setPasswordPath);
      });
  }

  const named = <span className="sr-only"> {user.name}</span>;
  return (
    <div className="flex items-center justify-end gap-2">
      <ManageRolesDialog tenant={tenant} user={user} instances={instances} />
      {user.status === "Disabled" ? (
        <button type="button" className={buttonStyles.secondary} onClick={enable} disabled={pending}>
          Enable{named}
        </button>
      ) : (
        !isSelf && (
          <button type="button" className={buttonStyles.secondary} onClick={() => open("disable")}>
            Disable{named}
          </button>
        )
      )}
      {canResetPassword && (
        <button type="button" className={buttonStyles.secondary} onClick={() => open("reset")}>
          Reset password{named}
        </button>
      )}
      {!isSelf && (
        <button type="button" className={buttonStyles.secondary} onClick={() => open("remove")}>
          Remove{named}
        </button>
      )}
      <Modal
        open={confirming !== null}
        onOpenChange={(next) => !next && open(null)}
        title={confirming ? titles[confirming](user.name) : ""}
        description={confirming ? descriptions[confirming](user.name) : undefined}
      >
        {link ? (
          <div className="space-y-4 text-left">
            <SetPasswordLink path={link} userName={user.name} hours={linkHours} />
            <div className="flex justify-end">
              <button type="button" className={buttonStyles.primary} onClick={() => open(null)}>
                Done
              </button>
            </div>
          </div>
        ) : (
          <div className="space-y-4 text-left">
            <FormAlert>{error}</FormAlert>
            <DialogActions
              onCancel={() => open(null)}
              confirmLabel={
                confirming === "remove" ? "Remove" : confirming === "disable" ? "Disable" : "Reset password"
              }
              onConfirm={confirm}
              tone={confirming === "reset" ? "primary" : "danger"}
              pending={pending}
            />
          </div>
        )}
      </Modal>
    </div>
  );
}
