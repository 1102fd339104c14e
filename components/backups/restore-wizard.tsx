"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { restoreBackupAction } from "@/app/(admin)/backups/actions";
import { formatCount, formatDateTime } from "@/lib/format";
import { entities } from "@/lib/records/entities";
import { DialogActions, FormAlert } from "../ui/dialog-parts";
import { Modal } from "../ui/modal";
import { useLiveUpdates } from "../live/live-updates";
import { buttonStyles } from "../ui/button-styles";

/** Record counts per entity table (a backup's recordCounts, or an instance's current data). */
type RecordCounts = Record<string, number>;

export type RestoreTarget = {
  id: string;
  name: string;
  type: "Production" | "Sandbox";
  state: string;
  /** Its records now, loaded on the server for the targets the user may restore into. */
  recordCounts?: RecordCounts;
};

const total = (counts: RecordCounts | null | undefined) =>
  counts ? entities.reduce((sum, e) => sum + (counts[e.table] ?? 0), 0) : undefined;
const countText = (value: number | undefined) => (value === undefined ? "—" : formatCount(value));

/** Restore → Select target → Next (verify the details and the impact) → Restore. */
export function RestoreWizard(props: {
  backup: {
    id: string;
    label: string;
    createdAt: string;
    instanceVersion: string;
    recordCounts: RecordCounts | null;
    disabledReason?: string;
  };
  sourceName: string;
  targets: RestoreTarget[];
}) {
  const { watch } = useLiveUpdates();
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<"select" | "verify">("select");
  const [targetId, setTargetId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const target = props.targets.find((t) => t.id === targetId);

  function openWizard() {
    setStep("select");
    setTargetId(null);
    setError(null);
    setOpen(true);
  }

  function restore() {
    if (!target) return;
    startTransition(async () => {
      const result = await restoreBackupAction({ backupId: props.backup.id, targetInstanceId: target.id });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setOpen(false);
      watch(result.data.operationId);
      toast.success(`Restoring "${props.backup.label}" to ${target.name}.`);
    });
  }

  return (
    <>
      <button
        type="button"
        className={buttonStyles.primary}
        onClick={openWizard}
        disabled={!!props.backup.disabledReason}
        title={props.backup.disabledReason}
      >
        Restore
      </button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title={`Restore "${props.backup.label}"`}
        description={step === "select" ? "Select target" : "Verify the details, then restore."}
      >
        {step === "select" ? (
          <fieldset>
            <legend className="mb-2 text-sm font-medium">Select target</legend>
            {props.targets.length === 0 && (
              <p className="text-sm">There are no instances of this tenant you can restore to.</p>
            )}
            <ul className="space-y-2">
              {props.targets.map((t) => {
                const reason =
                  t.type !== "Sandbox"
                    ? "Switch it to Sandbox first"
                    : t.state !== "Ready"
                      ? `Unavailable (${t.state})`
                      : null;
                return (
                  <li key={t.id}>
                    <label
                      className={`flex items-center gap-3 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700 ${reason ? "opacity-60" : "cursor-pointer"}`}
                    >
                      <input
                        type="radio"
                        name="target"
                        value={t.id}
                        disabled={!!reason}
                        checked={targetId === t.id}
                        onChange={() => setTargetId(t.id)}
                      />
                      <span>
                        <span className="block font-medium">{t.name}</span>
                        <span className="block text-xs text-slate-600 dark:text-slate-400">
                          {t.type !== "Sandbox" ? (
                            <Link
                              href={`/instances?switch=${t.id}&to=Sandbox`}
                              className="text-blue-700 underline underline-offset-2 dark:text-blue-300"
                            >
                              {reason}
                            </Link>
                          ) : (
                            (reason ?? t.type)
                          )}
                        </span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
            <div className="mt-4 flex justify-end gap-2">
              <button type="button" className={buttonStyles.secondary} onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button
                type="button"
                className={buttonStyles.primary}
                disabled={!target}
                onClick={() => setStep("verify")}
              >
                Next
              </button>
            </div>
          </fieldset>
        ) : (
          <div className="space-y-4 text-sm">
            <dl className="grid grid-cols-[8rem_1fr] gap-y-1">
              <dt className="text-slate-600 dark:text-slate-400">Backup</dt>
              <dd>{props.backup.label}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Source</dt>
              <dd>{props.sourceName}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Taken on</dt>
              <dd>{formatDateTime(props.backup.createdAt)}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Version</dt>
              <dd>{props.backup.instanceVersion}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Target</dt>
              <dd>{target?.name}</dd>
            </dl>
            <table className="w-full text-sm">
              <caption className="mb-1 text-left font-medium">Impact on {target?.name}</caption>
              <thead className="text-xs text-slate-600 dark:text-slate-400">
                <tr>
                  <th scope="col" className="text-left font-medium">
                    Records
                  </th>
                  <th scope="col" className="text-right font-medium">
                    {target?.name} now
                  </th>
                  <th scope="col" className="text-right font-medium">
                    In the backup
                  </th>
                </tr>
              </thead>
              <tbody>
                {entities.map((e) => (
                  <tr key={e.table}>
                    <th scope="row" className="text-left font-normal">
                      {e.label}
                    </th>
                    <td className="text-right tabular-nums">{countText(target?.recordCounts?.[e.table])}</td>
                    <td className="text-right tabular-nums">{countText(props.backup.recordCounts?.[e.table])}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot className="border-t border-slate-200 dark:border-slate-700">
                <tr>
                  <th scope="row" className="text-left font-medium">
                    Total
                  </th>
                  <td className="text-right font-medium tabular-nums">{countText(total(target?.recordCounts))}</td>
                  <td className="text-right font-medium tabular-nums">{countText(total(props.backup.recordCounts))}</td>
                </tr>
              </tfoot>
            </table>
            <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
              All current data of {target?.name} will be replaced with the data in this backup. {target?.name} is
              unavailable until the restore finishes.
            </p>
            <FormAlert>{error}</FormAlert>
            <DialogActions
              cancelLabel="Back"
              onCancel={() => setStep("select")}
              confirmLabel="Restore"
              onConfirm={restore}
              tone="danger"
              pending={pending}
            />
          </div>
        )}
      </Modal>
    </>
  );
}
