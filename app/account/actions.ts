"use server";

import { changeOwnPassword } from "@/lib/account/change-own-password";
import { changePasswordInput, signOutEverywhereInput } from "@/lib/account/schemas";
import { signOutEverywhere } from "@/lib/account/sign-out-everywhere";
import { defineOwnAccountAction } from "@/lib/actions/define-own-account-action";
import { requestClientAddress } from "@/lib/auth/request-client-address";

// Each export is a public POST endpoint; defineOwnAccountAction authenticates, validates and acts
// on the caller's own account only.

export const changePasswordAction = defineOwnAccountAction({
  name: "account.password.change",
  permission: "account.password.change",
  schema: changePasswordInput,
  run: async ({ input, account, audit }) => {
    const clientAddress = await requestClientAddress();
    await changeOwnPassword({
      account,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
      clientAddress,
      audit,
    });
    return { data: { signedOut: true } };
  },
});

export const signOutEverywhereAction = defineOwnAccountAction({
  name: "account.sessions.revoke",
  permission: "account.sessions.revoke",
  schema: signOutEverywhereInput,
  run: async ({ account, audit }) => {
    await signOutEverywhere({ account, audit });
    return { data: { signedOut: true } };
  },
});
