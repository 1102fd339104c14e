"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { updateRecordAction } from "@/app/(admin)/instances/[instanceId]/data/actions";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { buttonStyles, inputStyles } from "../ui/button-styles";

export function EditRecordDialog(props: {
  instanceId: string;
  entity: string;
  singular: string;
  recordId: number;
  fields: { name: string; label: string; value: string }[];
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(formData: FormData) {
    const values = Object.fromEntries(props.fields.map((f) => [f.name, String(formData.get(f.name) ?? "")]));
    startTransition(async () => {
      const result = await updateRecordAction({
        instanceId: props.instanceId,
        entity: props.entity,
        recordId: props.recordId,
        values,
      });
      if (!result.ok) {
        setError(Object.values(result.fieldErrors ?? {})[0]?.[0] ?? result.error);
        return;
      }
      setOpen(false);
      toast.success(`${props.singular} ${props.recordId} saved.`);
    });
  }

  return (
    <>
      <button type="button" className={buttonStyles.ghost} onClick={() => setOpen(true)}>
        Edit
        <span className="sr-only">
          {" "}
          {props.singular.toLowerCase()} {props.recordId}
        </span>
      </button>
      <Modal open={open} onOpenChange={setOpen} title={`Edit ${props.singular.toLowerCase()} ${props.recordId}`}>
        <form action={submit} className="space-y-3">
          {props.fields.map((f) => (
            <div key={f.name}>
              <label htmlFor={`record-${f.name}`} className="mb-1 block text-sm font-medium">
                {f.label}
              </label>
              <input
                id={`record-${f.name}`}
                name={f.name}
                defaultValue={f.value}
                maxLength={200}
                required
                className={inputStyles}
              />
            </div>
          ))}
          <FormAlert>{error}</FormAlert>
          <DialogActions onCancel={() => setOpen(false)} confirmLabel="Save" pending={pending} />
        </form>
      </Modal>
    </>
  );
}
