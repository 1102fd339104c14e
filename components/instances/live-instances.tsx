"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import { toast } from "sonner";
import { onWatchOperation } from "../live/watch-operation";

export type WatchedUpdate = {
  operationId: string;
  instanceName: string;
  targetVersion: string;
  status: "Queued" | "Running" | "Succeeded" | "Failed";
  error: string | null;
};

/**
 * Refreshes the server-rendered Instances page while anything runs on its instances, and toasts
 * when an update this page saw running has finished or failed.
 */
export function LiveInstances({ busy, updates }: { busy: boolean; updates: WatchedUpdate[] }) {
  const router = useRouter();
  const running = useRef(new Set<string>());
  const [refreshing, startRefresh] = useTransition();

  // An update this tab started may finish before the page's next render shows it running.
  useEffect(() => onWatchOperation((operationId) => running.current.add(operationId)), []);

  useEffect(() => {
    for (const update of updates) {
      const wasRunning = running.current.has(update.operationId);
      if (update.status === "Queued" || update.status === "Running") {
        running.current.add(update.operationId);
      } else if (wasRunning) {
        running.current.delete(update.operationId);
        if (update.status === "Succeeded") {
          toast.success(`${update.instanceName} was updated to ${update.targetVersion}.`);
        } else {
          toast.error(`Update of ${update.instanceName} failed: ${update.error ?? "unknown error"}`);
        }
      }
    }
  }, [updates]);

  // One refresh at a time: the next is scheduled only once the previous render has arrived.
  useEffect(() => {
    if (!busy || refreshing) return;
    const timer = setTimeout(() => startRefresh(() => router.refresh()), 1500);
    return () => clearTimeout(timer);
  }, [busy, refreshing, router]);

  return null;
}
