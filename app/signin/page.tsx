import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallback } from "@/lib/auth/safe-callback";
import { getActor } from "@/lib/auth/session";
import { env, oidcConfig } from "@/lib/env";
import { isSetUp } from "@/lib/setup/is-set-up";
import { noticeOf } from "@/components/account/account-notices";
import { SignInForm } from "@/components/sign-in-form";
import { SsoSignInButton } from "@/components/sso-sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  const notice = noticeOf(params.notice);
  if (await getActor()) redirect(callbackUrl);
  // No account exists yet: nobody could sign in, so first-run setup comes first.
  if (!(await isSetUp())) redirect("/setup");
  const sso = oidcConfig();
  const { LOCAL_PASSWORDS: localPasswords, DEMO_DATA: demoAccounts } = env();
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-xl font-semibold">Sign in to Backup Center</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Back up and restore your instances.</p>
        {notice && (
          <p
            role="status"
            className="mt-4 rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900 dark:bg-blue-950 dark:text-blue-100"
          >
            {notice}
          </p>
        )}
        {demoAccounts && (
          <p
            role="note"
            className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            <strong>Demo accounts are enabled.</strong> Their password is published, so anyone who can reach this page
            can sign in as an admin. Don&apos;t use this installation for real data: run it with DEMO_DATA=off.
          </p>
        )}
        {sso && (
          <div className="mt-6">
            <SsoSignInButton name={sso.name} callbackUrl={callbackUrl} />
          </div>
        )}
        {sso && localPasswords && (
          <p className="mt-6 flex items-center gap-3 text-xs text-slate-600 uppercase dark:text-slate-400">
            <span aria-hidden className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
            or with your password
            <span aria-hidden className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
          </p>
        )}
        {localPasswords && <SignInForm callbackUrl={callbackUrl} />}
      </div>
    </main>
  );
}
