import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { SignOutEverywhereDialog } from "@/components/account/sign-out-everywhere-dialog";
import { findAccountOverview } from "@/lib/account/find-account-overview";
import { hasAdminAccess } from "@/lib/auth/policy";
import { requireSignedInPage } from "@/lib/auth/session";
import { env, oidcConfig } from "@/lib/env";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Account" };

const sectionStyles = "rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900";

// Outside the (admin) group: every signed-in user has an account page, admin role or not.
export default async function AccountPage() {
  const actor = await requireSignedInPage("/account");
  const account = await findAccountOverview(actor);
  const ssoName = oidcConfig()?.name ?? "single sign-on";
  const { LOCAL_PASSWORDS: localPasswords } = env();
  return (
    <>
      <AppHeader user={actor} showNav={hasAdminAccess(actor)} />
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-6">
        <div>
          <h1 className="text-2xl font-semibold">Account</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {account.name} · {account.email}
          </p>
        </div>
        <section aria-labelledby="password-heading" className={sectionStyles}>
          <h2 id="password-heading" className="text-lg font-semibold">
            Password
          </h2>
          {!localPasswords ? (
            <p className="mt-2 text-sm">Passwords are turned off here: you sign in with {ssoName}.</p>
          ) : !account.hasPassword ? (
            <p className="mt-2 text-sm">Your user has no password here: you sign in with {ssoName}.</p>
          ) : (
            <>
              <p className="mt-2 mb-4 text-sm text-slate-600 dark:text-slate-400">
                Changing your password signs you out everywhere, this browser included.
              </p>
              <ChangePasswordForm />
            </>
          )}
          {account.ssoSince && (
            <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
              Linked to {ssoName} since {formatDateTime(account.ssoSince)}.
            </p>
          )}
        </section>
        <section aria-labelledby="sessions-heading" className={sectionStyles}>
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Sessions
          </h2>
          <p className="mt-2 mb-4 text-sm text-slate-600 dark:text-slate-400">
            Signed in somewhere you no longer use, or lost a device? End every session at once.
          </p>
          <SignOutEverywhereDialog />
        </section>
      </main>
    </>
  );
}
