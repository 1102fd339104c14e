"use client";

import { signOut } from "next-auth/react";
import type { AccountNotice } from "./account-notices";

/** The server has ended every session: clear this browser's cookie and sign in again, with the reason. */
export function endSession(notice: AccountNotice): Promise<void> {
  return signOut({ callbackUrl: `/signin?notice=${notice}&callbackUrl=${encodeURIComponent("/account")}` });
}
