"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { switchInstanceAction } from "@/app/(admin)/instances/actions";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { buttonStyles } from "../ui/button-styles";

/**
 * "Switch" → confirm → Switch: Production becomes Sandbox or back. Opens by itself when the page
 * was reached from the restore wizard's "Switch it to Sandbox first" link (?switch=<id>).
 */
export function SwitchInstanceDialog(props: {
  instance: { id: string; name: string; type: "Production" | "Sandbox" };
  disabledReason: string | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const requested = searchParams.get("switch") === props.instance.id && !props.disabledReason;
  const [open, setOpen] = useState(requested);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const to = props.instance.type === "Production" ? "Sandbox" : "Production";
  const reasonId = `switch-reason-${props.instance.id}`;

  function changeOpen(next: boolean) {
    setOpen(next);
    setError(null);
    // Closing forgets the link's request, so a reload doesn't open the dialog again.
    if (!next && searchParams.has("switch")) router.replace(pathname, { scroll: false });
  }

  function confirm() {
    startTransition(async () => {
      const result = await switchInstanceAction({ instanceId: props.instance.id, to });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      changeOpen(false);
      toast.success(`${props.instance.name} is now a ${to} instance.`);
      router.refresh();
    });
  }

  return (
    <>
      <button
        type="button"
        className={buttonStyles.secondary}
        disabled={!!props.disabledReason}
        aria-describedby={props.disabledReason ? reasonId : undefined}
        title={props.disabledReason ?? undefined}
        onClick={() => changeOpen(true)}
      >
        Switch<span className="sr-only"> {props.instance.name}</span>
      </button>
      {props.disabledReason && (
        <span id={reasonId} className="sr-only">
          {props.disabledReason}
        </span>
      )}
      <Modal
        open={open}
        onOpenChange={changeOpen}
        title={`Switch ${props.instance.name} to ${to}`}
        description={`${props.instance.name} is a ${props.instance.type} instance.`}
      >
        <div className="space-y-4 text-sm">
          {to === "Sandbox" ? (
            <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
              This is a serious step. As a Sandbox, {props.instance.name} can be the target of a restore, which replaces
              all of its data with a backup&apos;s. Only switch it if nobody relies on it as production.
            </p>
          ) : (
            <p>
              As a Production instance, {props.instance.name} can no longer be the target of a restore. Its backups and
              data stay as they are.
            </p>
          )}
          <FormAlert>{error}</FormAlert>
          <DialogActions
            onCancel={() => changeOpen(false)}
            confirmLabel="Switch"
            onConfirm={confirm}
            tone={to === "Sandbox" ? "danger" : "primary"}
            pending={pending}
          />
        </div>
      </Modal>
    </>
  );
}
