"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { setDelegatedAdminHolderAction } from "@/app/(admin)/users/actions";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { buttonStyles } from "../ui/button-styles";

/**
 * On the partner's side: "Holders" → which of the tenant's users hold a customer's Delegated
 * Admin → Save. Each user whose choice changed is one server action.
 */
export function DelegationHoldersDialog({
  tenant,
  customer,
  users,
  holderIds,
}: {
  tenant: { id: string; name: string };
  customer: { id: string; name: string };
  users: { id: string; name: string; email: string }[];
  holderIds: string[];
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>(holderIds);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function changeOpen(next: boolean) {
    setOpen(next);
    setChosen(holderIds);
    setError(null);
  }

  const changes = users.filter((u) => chosen.includes(u.id) !== holderIds.includes(u.id));

  function save(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      for (const user of changes) {
        const result = await setDelegatedAdminHolderAction({
          tenantId: tenant.id,
          customerTenantId: customer.id,
          userId: user.id,
          holds: chosen.includes(user.id),
        });
        if (!result.ok) {
          setError(`${user.name}: ${result.error}`);
          router.refresh();
          return;
        }
      }
      setOpen(false);
      toast.success(`Saved who holds Delegated Admin of ${customer.name}.`);
    });
  }

  return (
    <>
      <button type="button" className={buttonStyles.secondary} onClick={() => changeOpen(true)}>
        Holders<span className="sr-only"> of Delegated Admin of {customer.name}</span>
      </button>
      <Modal
        open={open}
        onOpenChange={changeOpen}
        title={`Delegated Admin of ${customer.name}`}
        description={`Who in ${tenant.name} manages ${customer.name}'s instances and backups.`}
      >
        <form onSubmit={save} className="space-y-4 text-left text-sm">
          <fieldset>
            <legend className="font-medium">Held by</legend>
            <ul className="mt-2 space-y-1">
              {users.map((user) => (
                <li key={user.id}>
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={chosen.includes(user.id)}
                      onChange={(event) =>
                        setChosen((current) =>
                          event.target.checked ? [...current, user.id] : current.filter((id) => id !== user.id),
                        )
                      }
                    />
                    {user.name}
                    <span className="text-slate-500 dark:text-slate-400">{user.email}</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <FormAlert>{error}</FormAlert>
          <DialogActions
            onCancel={() => changeOpen(false)}
            confirmLabel="Save"
            pending={pending}
            disabled={changes.length === 0}
          />
        </form>
      </Modal>
    </>
  );
}
