"use client";

import { useState, useTransition } from "react";
import { signOutEverywhereAction } from "@/app/account/actions";
import { buttonStyles } from "../ui/button-styles";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { endSession } from "./end-session";

/** "Sign out of all sessions" → confirm: every session of the account ends, this one included. */
export function SignOutEverywhereDialog() {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    startTransition(async () => {
      const result = await signOutEverywhereAction({});
      if (!result.ok) {
        setError(result.error);
        return;
      }
      await endSession("signed-out-everywhere");
    });
  }

  return (
    <>
      <button type="button" className={buttonStyles.secondary} onClick={() => setOpen(true)}>
        Sign out of all sessions
      </button>
      <Modal
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          setError(null);
        }}
        title="Sign out of all sessions"
        description="Every browser and device signed in as you, this one included, is signed out on its next request."
      >
        <div className="space-y-4">
          <FormAlert>{error}</FormAlert>
          <DialogActions
            onCancel={() => setOpen(false)}
            confirmLabel="Sign out everywhere"
            onConfirm={confirm}
            pending={pending}
          />
        </div>
      </Modal>
    </>
  );
}
