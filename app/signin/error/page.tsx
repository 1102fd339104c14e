import type { Metadata } from "next";
import Link from "next/link";
import type { SsoRefusal } from "@/lib/auth/resolve-sso-user";
import { oidcConfig } from "@/lib/env";
import { buttonStyles } from "@/components/ui/button-styles";

export const metadata: Metadata = { title: "Sign-in refused" };

type Explanation = { title: string; text: string };

/** What each refusal of lib/auth/resolve-sso-user.ts tells the person; `provider` is the button's name. */
function explain(error: string | undefined, provider: string): Explanation {
  const explanations: Record<Exclude<SsoRefusal, "SsoInvalid">, Explanation> = {
    SsoUnknown: {
      title: "You don't have access",
      text: `No Backup Center user has the e-mail address of your ${provider} account. Ask your organization's global admin to add you, then sign in again.`,
    },
    SsoDisabled: {
      title: "Your user is disabled",
      text: "Your Backup Center user is disabled. Ask your organization's global admin to enable it, then sign in again.",
    },
    SsoUnverified: {
      title: "Your e-mail address isn't verified",
      text: `${provider} didn't confirm that the e-mail address of your account is verified, so Backup Center can't tell which user you are. Verify it with ${provider}, or ask your administrator.`,
    },
    SsoOtherAccount: {
      title: "Another account is linked",
      text: `Your Backup Center user is linked to a different ${provider} account. Sign in with that account, or ask your organization's global admin.`,
    },
  };
  return Object.hasOwn(explanations, error ?? "")
    ? explanations[error as keyof typeof explanations]
    : {
        title: "Sign-in didn't complete",
        text: "Something went wrong while signing you in. Try again, and contact your administrator if it keeps happening.",
      };
}

// next-auth's error page (pages.error): single sign-on refusals and any other sign-in failure.
export default async function SignInErrorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { error } = await searchParams;
  const provider = oidcConfig()?.name ?? "single sign-on";
  const { title, text } = explain(typeof error === "string" ? error : undefined, provider);
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <div className="rounded-xl border border-amber-300 bg-amber-50 p-8 dark:border-amber-800 dark:bg-amber-950">
        <h1 className="text-xl font-semibold">{title}</h1>
        <p className="mt-3 text-sm">{text}</p>
        <Link href="/signin" className={`${buttonStyles.secondary} mt-6`}>
          Back to sign in
        </Link>
      </div>
    </main>
  );
}
