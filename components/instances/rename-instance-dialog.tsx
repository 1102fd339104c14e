"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { renameInstanceAction } from "@/app/(admin)/instances/actions";
import { renameInstanceInput } from "@/lib/instances/schemas";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { FormField } from "../ui/form-field";
import { Modal } from "../ui/modal";
import { inputStyles } from "../ui/button-styles";
import { InstanceActionButton } from "./instance-action-button";

/**
 * "Rename" → Name → Rename: names are unique within the tenant. Never blocked by what runs on the
 * instance (operations refer to it by id), so the server has no such rule and neither has the button.
 */
export function RenameInstanceDialog(props: { instance: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function changeOpen(next: boolean) {
    setOpen(next);
    setErrors({});
    setFormError(null);
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    const parsed = renameInstanceInput.safeParse({ instanceId: props.instance.id, name });
    if (!parsed.success) {
      setErrors(z.flattenError(parsed.error).fieldErrors);
      setFormError(null);
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      const result = await renameInstanceAction(parsed.data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        return;
      }
      changeOpen(false);
      toast.success(`${props.instance.name} was renamed to ${result.data.name}.`);
    });
  }

  return (
    <>
      <InstanceActionButton
        label="Rename"
        instanceName={props.instance.name}
        disabledReason={null}
        onClick={() => changeOpen(true)}
      />
      <Modal open={open} onOpenChange={changeOpen} title={`Rename ${props.instance.name}`}>
        <form onSubmit={submit} className="space-y-4 text-sm" noValidate>
          <FormField id={`rename-${props.instance.id}`} name="name" label="Name" errors={errors.name}>
            {(control) => (
              <input
                {...control}
                className={inputStyles}
                defaultValue={props.instance.name}
                maxLength={100}
                autoComplete="off"
              />
            )}
          </FormField>
          <FormAlert>{formError}</FormAlert>
          <DialogActions onCancel={() => changeOpen(false)} confirmLabel="Rename" pending={pending} />
        </form>
      </Modal>
    </>
  );
}
