"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { deleteInstanceAction } from "@/app/(admin)/instances/actions";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { FormField } from "../ui/form-field";
import { Modal } from "../ui/modal";
import { inputStyles } from "../ui/button-styles";
import { InstanceActionButton, type DisabledReason } from "./instance-action-button";

const count = (n: number) => (n === 1 ? "1 backup" : `${n} backups`);

/**
 * "Delete" → type the instance's name, choose what happens to its backups → Delete. Kept backups
 * stay restorable into the tenant's other sandboxes until they expire.
 */
export function DeleteInstanceDialog(props: {
  instance: { id: string; name: string; domain: string; tenantName: string };
  /** The instance's stored backups. */
  backups: number;
  /** Shown on the page next to the button; the button is described by it. */
  disabledReason: DisabledReason | null;
}) {
  const { instance } = props;
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [backups, setBackups] = useState<"keep" | "delete">("keep");
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const prefix = `delete-${instance.id}`;

  function changeOpen(next: boolean) {
    setOpen(next);
    setTyped("");
    setBackups("keep");
    setErrors({});
    setFormError(null);
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      const result = await deleteInstanceAction({ instanceId: instance.id, confirmName: typed, backups });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        return;
      }
      changeOpen(false);
      const { kept, removed } = result.data;
      toast.success(
        backups === "keep"
          ? `${instance.name} was deleted. ${count(kept)} kept until ${kept === 1 ? "it expires" : "they expire"}.`
          : `${instance.name} and ${count(removed)} were deleted.`,
      );
    });
  }

  const option = (value: "keep" | "delete", label: string, hint: string) => (
    <label className="flex gap-2">
      <input
        type="radio"
        name="backups"
        value={value}
        checked={backups === value}
        onChange={() => setBackups(value)}
        aria-describedby={`${prefix}-${value}-hint`}
        className="mt-1"
      />
      <span>
        <span className="block font-medium">{label}</span>
        <span id={`${prefix}-${value}-hint`} className="block text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </span>
      </span>
    </label>
  );

  return (
    <>
      <InstanceActionButton
        label="Delete"
        instanceName={instance.name}
        disabledReason={props.disabledReason}
        onClick={() => changeOpen(true)}
      />
      <Modal
        open={open}
        onOpenChange={changeOpen}
        title={`Delete ${instance.name}`}
        description={`${instance.name} (${instance.domain}) and all of its data will be deleted. This can't be undone.`}
      >
        <form onSubmit={submit} className="space-y-4 text-sm" noValidate>
          <fieldset className="space-y-2">
            <legend className="mb-1 font-medium">Its backups ({count(props.backups)})</legend>
            {option(
              "keep",
              "Keep them",
              `They stay restorable into other sandboxes of ${instance.tenantName} until they expire.`,
            )}
            {option("delete", "Delete them with the instance", "Their stored files are deleted too.")}
          </fieldset>
          <FormField
            id={`${prefix}-confirm`}
            name="confirmName"
            label={`Type ${instance.name} to confirm`}
            errors={errors.confirmName}
          >
            {(control) => (
              <input
                {...control}
                className={inputStyles}
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                autoComplete="off"
              />
            )}
          </FormField>
          <FormAlert>{formError}</FormAlert>
          <DialogActions
            onCancel={() => changeOpen(false)}
            confirmLabel="Delete"
            tone="danger"
            pending={pending}
            disabled={typed.trim() !== instance.name}
          />
        </form>
      </Modal>
    </>
  );
}
