"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { updateInstanceAction } from "@/app/(admin)/instances/actions";
import type { ReleasedVersion } from "@/lib/instances/versions";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { useLiveUpdates } from "../live/live-updates";
import { Modal } from "../ui/modal";
import { InstanceActionButton, type DisabledReason } from "./instance-action-button";
import { inputStyles } from "../ui/button-styles";

/** "Update" → Version → Update: queues the pre-update backup and the update behind it. */
export function UpdateInstanceDialog(props: {
  instance: { id: string; name: string; version: string };
  /** Newer released versions, newest first. */
  versions: ReleasedVersion[];
  /** Shown on the page next to the button; the button is described by it. */
  disabledReason: DisabledReason | null;
}) {
  const { watch } = useLiveUpdates();
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState<ReleasedVersion | undefined>(props.versions[0]);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      if (!version) return;
      const result = await updateInstanceAction({ instanceId: props.instance.id, version });
      if (!result.ok) {
        setError(result.fieldErrors?.version?.[0] ?? result.error);
        return;
      }
      setOpen(false);
      watch(result.data.operationId);
      toast.success(`Updating ${props.instance.name} to ${version}. A backup is taken first.`);
    });
  }

  return (
    <>
      <InstanceActionButton
        label="Update"
        instanceName={props.instance.name}
        disabledReason={props.disabledReason}
        onClick={() => {
          setVersion(props.versions[0]);
          setError(null);
          setOpen(true);
        }}
      />
      <Modal
        open={open}
        onOpenChange={setOpen}
        title={`Update ${props.instance.name}`}
        description={`${props.instance.name} runs version ${props.instance.version}.`}
      >
        <form onSubmit={submit} className="space-y-4 text-sm">
          <div>
            <label htmlFor={`version-${props.instance.id}`} className="mb-1 block font-medium">
              Version
            </label>
            <select
              id={`version-${props.instance.id}`}
              value={version}
              onChange={(event) => setVersion(event.target.value as ReleasedVersion)}
              className={inputStyles}
            >
              {props.versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            First a system backup labelled &ldquo;Before update to {version}&rdquo; is taken. If it fails, the update is
            cancelled and {props.instance.name} stays on {props.instance.version}. While it is updating,{" "}
            {props.instance.name}&apos;s data can be read but not changed.
          </p>
          <FormAlert>{error}</FormAlert>
          <DialogActions onCancel={() => setOpen(false)} confirmLabel="Update" pending={pending} disabled={!version} />
        </form>
      </Modal>
    </>
  );
}
