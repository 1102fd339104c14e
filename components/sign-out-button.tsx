"use client";

import { signOut } from "next-auth/react";
import { buttonStyles } from "./ui/button-styles";

export function SignOutButton() {
  return (
    <button type="button" className={buttonStyles.ghost} onClick={() => signOut({ callbackUrl: "/signin" })}>
      Sign out
    </button>
  );
}
