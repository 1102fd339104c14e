"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { createBackupAction, editBackupAction } from "@/app/(admin)/backups/actions";
import { backupDetailsSchema } from "@/lib/backups/schemas";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { useLiveUpdates } from "../live/live-updates";
import { buttonStyles, inputStyles } from "../ui/button-styles";

type Props =
  | { mode: "create"; instanceId: string; instanceName: string; disabledReason?: string }
  | { mode: "edit"; backupId: string; label: string; notes: string };

/** "New backup" → Label + Notes → Create, and "Edit" → Save: one form, validated on both sides. */
export function BackupFormDialog(props: Props) {
  const router = useRouter();
  const { watch } = useLiveUpdates();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const isCreate = props.mode === "create";

  function submit(formData: FormData) {
    const values = { label: String(formData.get("label") ?? ""), notes: String(formData.get("notes") ?? "") };
    const parsed = backupDetailsSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(parsed.error.flatten().fieldErrors);
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      if (isCreate) {
        const result = await createBackupAction({ instanceId: props.instanceId, ...parsed.data });
        if (!result.ok) return showFailure(result);
        setOpen(false);
        watch(result.data.operationId);
        toast.success(`Backup "${parsed.data.label}" is being created.`);
        router.push(`/backups?instance=${result.data.instanceId}&backup=${result.data.backupId}`);
      } else {
        const result = await editBackupAction({ backupId: props.backupId, ...parsed.data });
        if (!result.ok) return showFailure(result);
        setOpen(false);
        toast.success("Backup saved.");
      }
    });
  }

  function showFailure(result: { error: string; fieldErrors?: Record<string, string[]> }) {
    setErrors(result.fieldErrors ?? {});
    setFormError(result.error);
  }

  const field = (name: "label" | "notes") => ({
    id: `backup-${name}`,
    name,
    "aria-invalid": !!errors[name],
    "aria-describedby": errors[name] ? `backup-${name}-error` : undefined,
    className: inputStyles,
  });

  return (
    <>
      <button
        type="button"
        className={isCreate ? buttonStyles.primary : buttonStyles.secondary}
        disabled={isCreate && !!props.disabledReason}
        aria-describedby={isCreate && props.disabledReason ? "new-backup-disabled-reason" : undefined}
        onClick={() => setOpen(true)}
      >
        {isCreate ? "New backup" : "Edit"}
      </button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title={isCreate ? "New backup" : "Edit backup"}
        description={
          isCreate
            ? `Back up ${props.instanceName}. The instance stays available while it is backed up.`
            : "Change the label and notes."
        }
      >
        <form action={submit} className="space-y-4" noValidate>
          <div>
            <label htmlFor="backup-label" className="mb-1 block text-sm font-medium">
              Label
            </label>
            <input {...field("label")} defaultValue={isCreate ? "" : props.label} maxLength={100} required />
            {errors.label && (
              <p id="backup-label-error" className="mt-1 text-sm text-red-700 dark:text-red-300">
                {errors.label[0]}
              </p>
            )}
          </div>
          <div>
            <label htmlFor="backup-notes" className="mb-1 block text-sm font-medium">
              Notes
            </label>
            <textarea {...field("notes")} defaultValue={isCreate ? "" : props.notes} rows={4} maxLength={2000} />
            {errors.notes && (
              <p id="backup-notes-error" className="mt-1 text-sm text-red-700 dark:text-red-300">
                {errors.notes[0]}
              </p>
            )}
          </div>
          <FormAlert>{formError}</FormAlert>
          <DialogActions
            onCancel={() => setOpen(false)}
            confirmLabel={isCreate ? "Create" : "Save"}
            pending={pending}
          />
        </form>
      </Modal>
    </>
  );
}
