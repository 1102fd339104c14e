"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { deleteBackupAction } from "@/app/(admin)/backups/actions";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { buttonStyles } from "../ui/button-styles";

export function DeleteBackupDialog({
  backupId,
  label,
  instanceId,
}: {
  backupId: string;
  label: string;
  instanceId: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      const result = await deleteBackupAction({ backupId });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setOpen(false);
      toast.success(`Backup "${label}" deleted.`);
      router.push(`/backups?instance=${instanceId}`);
    });
  }

  return (
    <>
      <button type="button" className={buttonStyles.secondary} onClick={() => setOpen(true)}>
        Delete
      </button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title="Delete backup"
        description={`Delete "${label}" and its stored file? This can't be undone.`}
      >
        <div className="space-y-4">
          <FormAlert>{error}</FormAlert>
          <DialogActions
            onCancel={() => setOpen(false)}
            confirmLabel="Confirm"
            onConfirm={confirm}
            tone="danger"
            pending={pending}
          />
        </div>
      </Modal>
    </>
  );
}
