// Shown while an admin page renders on the server (navigations stream it in at once).
export default function Loading() {
  return (
    <div role="status" aria-busy="true" className="space-y-4">
      <span className="sr-only">Loading…</span>
      <div className="h-7 w-48 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-4 w-72 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="space-y-px overflow-hidden rounded-lg border border-slate-200 dark:border-slate-800">
        {Array.from({ length: 6 }, (_, row) => (
          <div key={row} className="h-12 animate-pulse bg-slate-100 dark:bg-slate-900" />
        ))}
      </div>
    </div>
  );
}
