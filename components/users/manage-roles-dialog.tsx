"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { setGlobalAdminAction, setSystemAdministratorAction } from "@/app/(admin)/users/actions";
import type { TenantUser } from "@/lib/users/list-tenant-users";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { buttonStyles } from "../ui/button-styles";

/**
 * "Roles" → Global admin of the tenant, and System Administrator of chosen instances → Save.
 * Each role that changed is one server action; the user is signed out of open sessions by it.
 */
export function ManageRolesDialog({
  tenant,
  user,
  instances,
}: {
  tenant: { id: string; name: string };
  user: TenantUser;
  instances: { id: string; name: string }[];
}) {
  const router = useRouter();
  const held = user.systemAdministratorOf.map((i) => i.id);
  const [open, setOpen] = useState(false);
  const [globalAdmin, setGlobalAdmin] = useState(user.isGlobalAdmin);
  const [chosen, setChosen] = useState<string[]>(held);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const prefix = `roles-${user.id}`;

  function changeOpen(next: boolean) {
    setOpen(next);
    setGlobalAdmin(user.isGlobalAdmin);
    setChosen(user.systemAdministratorOf.map((i) => i.id));
    setError(null);
  }

  const sysAdminChanged = chosen.length !== held.length || chosen.some((id) => !held.includes(id));
  const changed = globalAdmin !== user.isGlobalAdmin || sysAdminChanged;

  function save(event: React.FormEvent) {
    event.preventDefault();
    const ids = { tenantId: tenant.id, userId: user.id };
    startTransition(async () => {
      if (globalAdmin !== user.isGlobalAdmin) {
        const result = await setGlobalAdminAction({ ...ids, globalAdmin });
        if (!result.ok) {
          setError(result.error);
          return;
        }
      }
      if (sysAdminChanged) {
        const result = await setSystemAdministratorAction({ ...ids, instanceIds: chosen });
        if (!result.ok) {
          setError(result.error);
          router.refresh();
          return;
        }
      }
      setOpen(false);
      toast.success(`${user.name}'s roles were saved. They are signed out of open sessions.`);
    });
  }

  return (
    <>
      <button type="button" className={buttonStyles.secondary} onClick={() => changeOpen(true)}>
        Roles<span className="sr-only"> of {user.name}</span>
      </button>
      <Modal
        open={open}
        onOpenChange={changeOpen}
        title={`Roles of ${user.name}`}
        description={`What ${user.name} may administer in ${tenant.name}.`}
      >
        <form onSubmit={save} className="space-y-5 text-left text-sm">
          <div>
            <label className="flex items-start gap-2">
              <input
                type="checkbox"
                className="mt-0.5"
                checked={globalAdmin}
                onChange={(event) => setGlobalAdmin(event.target.checked)}
                aria-describedby={`${prefix}-ga-hint`}
              />
              <span className="font-medium">Global admin</span>
            </label>
            <p id={`${prefix}-ga-hint`} className="mt-1 ml-6 text-xs text-slate-600 dark:text-slate-400">
              Every instance of {tenant.name}, its users and roles, and delegated administration.
            </p>
          </div>
          <fieldset aria-describedby={`${prefix}-sa-hint`}>
            <legend className="font-medium">System Administrator of</legend>
            <p id={`${prefix}-sa-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              Backups, restores, updates and data of the chosen instances only. No user management.
            </p>
            {instances.length === 0 ? (
              <p className="mt-2 text-slate-600 dark:text-slate-400">{tenant.name} has no instances yet.</p>
            ) : (
              <ul className="mt-2 space-y-1">
                {instances.map((instance) => (
                  <li key={instance.id}>
                    <label className="flex items-center gap-2">
                      <input
                        type="checkbox"
                        checked={chosen.includes(instance.id)}
                        onChange={(event) =>
                          setChosen((current) =>
                            event.target.checked
                              ? [...current, instance.id]
                              : current.filter((id) => id !== instance.id),
                          )
                        }
                      />
                      {instance.name}
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
          <FormAlert>{error}</FormAlert>
          <DialogActions onCancel={() => changeOpen(false)} confirmLabel="Save" pending={pending} disabled={!changed} />
        </form>
      </Modal>
    </>
  );
}
