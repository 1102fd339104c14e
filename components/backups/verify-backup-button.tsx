"use client";

import { useTransition } from "react";
import { toast } from "sonner";
import { verifyBackupAction } from "@/app/(admin)/backups/actions";
import { useLiveUpdates } from "../live/live-updates";
import { buttonStyles } from "../ui/button-styles";

/** Queues a verification of the backup's stored file; the live status reports how it ends. */
export function VerifyBackupButton({ backupId, label }: { backupId: string; label: string }) {
  const { watch } = useLiveUpdates();
  const [pending, startTransition] = useTransition();

  function verify() {
    startTransition(async () => {
      const result = await verifyBackupAction({ backupId });
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      watch(result.data.operationId);
      toast.success(`Verification of "${label}" queued.`);
    });
  }

  return (
    <button type="button" className={buttonStyles.secondary} onClick={verify} disabled={pending}>
      {pending ? "Verifying…" : "Verify"}
    </button>
  );
}
