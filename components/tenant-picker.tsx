import Link from "next/link";

/** Links to the same page for each tenant the actor manages there; shown only when there are several. */
export function TenantPicker({
  tenants,
  currentId,
  path,
}: {
  tenants: { id: string; name: string }[];
  currentId: string;
  /** The page the links open, with `?tenant=<id>`. */
  path: string;
}) {
  if (tenants.length < 2) return null;
  return (
    <nav aria-label="Organisations" className="flex flex-wrap gap-2 text-sm">
      {tenants.map((t) => (
        <Link
          key={t.id}
          href={`${path}?tenant=${t.id}`}
          aria-current={t.id === currentId ? "page" : undefined}
          className="rounded-md border border-slate-300 px-3 py-1 aria-[current=page]:bg-blue-50 aria-[current=page]:font-medium dark:border-slate-700 dark:aria-[current=page]:bg-blue-950"
        >
          {t.name}
        </Link>
      ))}
    </nav>
  );
}
