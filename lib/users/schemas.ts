// Shared by the Users page's dialogs and the server actions (always re-parsed there).
import { z } from "zod";
import { emailInput } from "../validation/email";
import { newPasswordInput } from "../validation/password";
import { idInput, textInput } from "../validation/text";

export const userNameInput = textInput({ max: 100, required: "Enter a name." });

export const addUserInput = z.object({
  tenantId: idInput,
  name: userNameInput,
  email: emailInput,
  /**
   * An initial password the admin gives the user, a one-time link for the user to set their own,
   * or none: the user signs in with single sign-on only.
   */
  credential: z.discriminatedUnion(
    "kind",
    [
      z.object({ kind: z.literal("password"), password: newPasswordInput }),
      z.object({ kind: z.literal("link") }),
      z.object({ kind: z.literal("sso") }),
    ],
    { error: "Choose how the user signs in." },
  ),
});

const userRef = { tenantId: idInput, userId: idInput };

export const setUserDisabledInput = z.object({ ...userRef, disabled: z.boolean() });

export const removeUserInput = z.object(userRef);

export const setGlobalAdminInput = z.object({ ...userRef, globalAdmin: z.boolean() });

export const setSystemAdministratorInput = z.object({
  ...userRef,
  /** Every instance of the tenant the user is System Administrator of afterwards. */
  instanceIds: z.array(idInput).max(500, "Choose at most 500 instances."),
});

export const resetPasswordInput = z.object(userRef);

/** The partner is named by its organisation ID, shown on its own Users page. */
export const grantDelegatedAdminInput = z.object({
  tenantId: idInput,
  partnerTenantId: textInput({ max: 64, required: "Enter the partner's organisation ID." }),
});

export const revokeDelegatedAdminInput = z.object({ tenantId: idInput, partnerTenantId: idInput });

/** On the partner's side: whether one of its users holds the Delegated Admin a customer granted it. */
export const setDelegatedAdminHolderInput = z.object({
  ...userRef,
  customerTenantId: idInput,
  holds: z.boolean(),
});

export const setPasswordWithTokenInput = z.object({
  token: z.string().min(1).max(200),
  password: newPasswordInput,
});
