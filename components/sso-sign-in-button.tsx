"use client";

import { signIn } from "next-auth/react";
import { useTransition } from "react";
import { oidcProviderId } from "@/lib/auth/oidc-provider-id";
import { buttonStyles } from "./ui/button-styles";

/** Starts single sign-on: next-auth sends the browser to the identity provider and back. */
export function SsoSignInButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      className={`${buttonStyles.primary} w-full`}
      disabled={pending}
      aria-busy={pending}
      onClick={() =>
        startTransition(async () => {
          await signIn(oidcProviderId, { callbackUrl });
        })
      }
    >
      {pending ? "Redirecting…" : `Sign in with ${name}`}
    </button>
  );
}
