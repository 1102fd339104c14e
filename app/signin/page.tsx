import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallback } from "@/lib/auth/safe-callback";
import { getActor } from "@/lib/auth/session";
import { SignInForm } from "@/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const callbackUrl = safeCallback((await searchParams).callbackUrl);
  if (await getActor()) redirect(callbackUrl);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-xl font-semibold">Sign in to Backup Center</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Back up and restore your instances.</p>
        <SignInForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
