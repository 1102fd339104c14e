"use client";

import { buttonStyles } from "@/components/ui/button-styles";

// An unexpected failure while rendering an admin page: say so plainly and offer a retry. The
// details stay in the server log; the digest lets support find them.
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div
      role="alert"
      className="mx-auto max-w-xl rounded-xl border border-red-300 bg-red-50 p-8 dark:border-red-800 dark:bg-red-950"
    >
      <h1 className="text-xl font-semibold">This page couldn&apos;t be loaded</h1>
      <p className="mt-3 text-sm">
        Something went wrong on the server. Your backups and running operations are not affected. Try again, and contact
        support if it keeps happening.
      </p>
      {error.digest && (
        <p className="mt-2 font-mono text-xs text-slate-600 dark:text-slate-400">Reference: {error.digest}</p>
      )}
      <button type="button" className={`${buttonStyles.primary} mt-4`} onClick={reset}>
        Try again
      </button>
    </div>
  );
}
