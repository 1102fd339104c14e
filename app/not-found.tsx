import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <div className="rounded-xl border border-slate-200 bg-white p-8 dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="mt-3 text-sm">There is nothing at this address, or you don&apos;t have access to it.</p>
        <Link className="mt-4 inline-block text-sm text-blue-700 underline dark:text-blue-300" href="/instances">
          Go to Instances
        </Link>
      </div>
    </main>
  );
}
