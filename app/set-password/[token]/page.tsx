import type { Metadata } from "next";
import Link from "next/link";
import { SetPasswordForm } from "@/components/set-password-form";
import { availableCredentialKinds } from "@/lib/users/credential-kinds";
import { findSetPasswordLink } from "@/lib/users/find-set-password-link";
import { linkNotValid } from "@/lib/users/set-password-with-token";
import { passwordHint } from "@/lib/validation/password";

// The token is in this page's address: never send it on as a referrer.
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const passwordsOn = availableCredentialKinds().includes("link");
  const link = passwordsOn ? await findSetPasswordLink(token) : null;
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-xl font-semibold">Set your password</h1>
        {link ? (
          <>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              For {link.name} ({link.email}). {passwordHint}
            </p>
            <SetPasswordForm token={token} email={link.email} />
          </>
        ) : (
          <>
            <p role="alert" className="mt-3 text-sm">
              {passwordsOn ? linkNotValid : "Passwords are turned off here; sign in with single sign-on."}
            </p>
            <p className="mt-4 text-sm">
              <Link href="/signin" className="font-medium text-blue-700 underline dark:text-blue-300">
                Go to sign-in
              </Link>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
