"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { switchInstanceAction } from "@/app/(admin)/instances/actions";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { InstanceActionButton, type DisabledReason } from "./instance-action-button";

type InstanceType = "Production" | "Sandbox";
const opposite = (type: InstanceType): InstanceType => (type === "Production" ? "Sandbox" : "Production");

/**
 * "Switch" → confirm → Switch: Production becomes Sandbox or back. The restore wizard's "Switch it
 * to Sandbox first" links here with ?switch=<id>&to=Sandbox, which opens the dialog by itself.
 */
export function SwitchInstanceDialog(props: {
  instance: { id: string; name: string; type: InstanceType };
  /** Shown on the page next to the button; the button is described by it. */
  disabledReason: DisabledReason | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const linked = searchParams.get("switch") === props.instance.id;
  const linkedTo = searchParams.get("to");
  const linkUsable = linked && !props.disabledReason && linkedTo !== props.instance.type;
  const [open, setOpen] = useState(linkUsable);
  // Fixed when the dialog opens: a refresh while it is open must not turn it around.
  const [to, setTo] = useState<InstanceType>(opposite(props.instance.type));
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  // A link that can't be followed says why, once, instead of opening nothing.
  useEffect(() => {
    if (!linked || linkUsable) return;
    const { name, type } = props.instance;
    toast.info(
      linkedTo === type
        ? `${name} is already a ${type} instance.`
        : `${name} can't be switched now: ${props.disabledReason?.text}`,
    );
    router.replace(pathname, { scroll: false });
    // Only when the page is reached through the link.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [linked]);

  function changeOpen(next: boolean) {
    if (next) setTo(opposite(props.instance.type));
    setOpen(next);
    setError(null);
    // Closing forgets the link's request, so a reload doesn't open the dialog again.
    if (!next && linked) router.replace(pathname, { scroll: false });
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
    });
  }

  return (
    <>
      <InstanceActionButton
        label="Switch"
        instanceName={props.instance.name}
        disabledReason={props.disabledReason}
        onClick={() => changeOpen(true)}
      />
      <Modal
        open={open}
        onOpenChange={changeOpen}
        title={`Switch ${props.instance.name} to ${to}`}
        description={`${props.instance.name} is a ${opposite(to)} instance.`}
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
