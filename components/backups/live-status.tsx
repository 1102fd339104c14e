"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { toast } from "sonner";
import { onWatchOperation } from "../live/watch-operation";
import { backupPhrase } from "./backup-phrase";

type StatusResponse = {
  instanceState: string;
  operations: {
    id: string;
    type: string;
    status: string;
    progress: number;
    error: string | null;
    label: string | null;
    targetName: string;
  }[];
};

/**
 * Polls the instance's operations and refreshes the server-rendered page when anything changes,
 * so status and progress update without a reload; toasts when an operation finishes.
 */
export function LiveStatus({ instanceId }: { instanceId: string }) {
  const router = useRouter();
  const seen = useRef<Map<string, string>>(new Map());
  const fingerprint = useRef<string>("");

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    async function poll() {
      let active = false;
      try {
        const response = await fetch(`/api/backups/status?instance=${encodeURIComponent(instanceId)}`, {
          cache: "no-store",
        });
        if (response.ok) {
          const body = (await response.json()) as StatusResponse;
          for (const op of body.operations) {
            const before = seen.current.get(op.id);
            if (before && before !== op.status) {
              const what =
                op.type === "Restore"
                  ? `Restore of ${backupPhrase(op.label)} to ${op.targetName}`
                  : op.type === "Verify"
                    ? `Verification of ${backupPhrase(op.label)}`
                    : op.type === "TestRestore"
                      ? `Test restore of ${backupPhrase(op.label)}`
                      : `Backup ${backupPhrase(op.label)}`;
              if (op.status === "Succeeded") toast.success(`${what} succeeded.`);
              if (op.status === "Failed") toast.error(`${what} failed: ${op.error ?? "unknown error"}`);
            }
            seen.current.set(op.id, op.status);
            if (op.status === "Queued" || op.status === "Running") active = true;
          }
          const next = JSON.stringify(body);
          if (fingerprint.current && next !== fingerprint.current) router.refresh();
          fingerprint.current = next;
        }
      } catch {
        // Offline or restarting: try again on the next tick.
      }
      if (!stopped) timer = setTimeout(poll, active ? 1000 : 5000);
    }
    const stopWatching = onWatchOperation((operationId) => {
      seen.current.set(operationId, "Queued");
      clearTimeout(timer);
      void poll();
    });
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stopWatching();
    };
  }, [instanceId, router]);

  return null;
}
