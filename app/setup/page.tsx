import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/setup-form";
import { isSetUp } from "@/lib/setup/is-set-up";
import { passwordHint } from "@/lib/validation/password";

export const metadata: Metadata = { title: "Set up Backup Center" };
export const dynamic = "force-dynamic";

/** First run only: gone (to sign-in) as soon as any user exists; the action refuses then too. */
export default async function SetupPage() {
  if (await isSetUp()) redirect("/signin");
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-8">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-xl font-semibold">Set up Backup Center</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Create your organisation and its first global admin. This page works once: after setup, everyone signs in.
        </p>
        <SetupForm passwordHint={passwordHint} />
      </div>
    </main>
  );
}
