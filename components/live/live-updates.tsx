"use client";

import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import type { LiveOperation, LiveSnapshot } from "@/lib/live/load-live-snapshot";
import { outcomeToast } from "./live-operation-text";

type LiveUpdates = {
  /** Queued, running and just-finished operations the user may see, as the stream last sent them. */
  operations: LiveOperation[];
  /** Toast how `operationId` ends, even if it ends before the stream has seen it run. */
  watch: (operationId: string) => void;
};

const LiveUpdatesContext = createContext<LiveUpdates>({ operations: [], watch: () => undefined });

export const useLiveUpdates = () => useContext(LiveUpdatesContext);

/** How each operation stands, without the progress that moves every second. */
const outline = (operations: LiveOperation[]) => new Set(operations.map((op) => `${op.id}:${op.status}`));

/**
 * An operation appeared or changed its status: what the server rendered may be out of date. One
 * that only left the stream (finished over a minute ago) changes nothing on the page.
 */
const startedOrEnded = (before: ReadonlySet<string>, after: ReadonlySet<string>) =>
  [...after].some((entry) => !before.has(entry));

/**
 * The UI's one live-update path: a Server-Sent Events stream (/api/live) of the operations the
 * user may see. Progress re-renders only the components that show it; an operation starting or
 * ending refreshes the server-rendered page once (never two refreshes at a time), and toasts
 * how operations this tab followed ended. Scheduled operations toast only when they fail.
 */
export function LiveUpdatesProvider({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  const [operations, setOperations] = useState<LiveOperation[]>([]);
  const followed = useRef(new Set<string>());
  const lastOutline = useRef<ReadonlySet<string> | null>(null);
  const refreshWanted = useRef(false);
  const [changes, setChanges] = useState(0);
  const [refreshing, startRefresh] = useTransition();

  // A change that arrives during a refresh gets one more once that refresh has rendered.
  useEffect(() => {
    if (refreshing || !refreshWanted.current) return;
    refreshWanted.current = false;
    startRefresh(() => router.refresh());
  }, [changes, refreshing, router]);

  useEffect(() => {
    const source = new EventSource("/api/live");
    source.onmessage = (event: MessageEvent<string>) => {
      const snapshot = JSON.parse(event.data) as LiveSnapshot;
      for (const op of snapshot.operations) {
        if (op.status === "Queued" || op.status === "Running") {
          followed.current.add(op.id);
          continue;
        }
        if (!followed.current.delete(op.id)) continue;
        const outcome = outcomeToast(op);
        if (outcome && !(op.bySystem && outcome.kind === "success")) toast[outcome.kind](outcome.text);
      }
      setOperations(snapshot.operations);
      const next = outline(snapshot.operations);
      if (lastOutline.current !== null && startedOrEnded(lastOutline.current, next)) {
        refreshWanted.current = true;
        setChanges((n) => n + 1);
      }
      lastOutline.current = next;
    };
    // The session ended or was revoked: the refreshed page sends the user to sign in.
    source.addEventListener("signed-out", () => {
      source.close();
      refreshWanted.current = true;
      setChanges((n) => n + 1);
    });
    return () => source.close();
  }, []);

  const watch = useCallback((operationId: string) => {
    followed.current.add(operationId);
  }, []);
  const value = useMemo(() => ({ operations, watch }), [operations, watch]);
  return <LiveUpdatesContext.Provider value={value}>{children}</LiveUpdatesContext.Provider>;
}
