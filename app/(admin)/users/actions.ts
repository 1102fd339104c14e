"use server";

import { defineTenantAction } from "@/lib/actions/define-tenant-action";
import { addUser } from "@/lib/users/add-user";
import { grantDelegatedAdmin } from "@/lib/users/grant-delegated-admin";
import { removeUser } from "@/lib/users/remove-user";
import { resetPassword } from "@/lib/users/reset-password";
import { revokeDelegatedAdmin } from "@/lib/users/revoke-delegated-admin";
import {
  addUserInput,
  grantDelegatedAdminInput,
  resetPasswordInput,
  removeUserInput,
  revokeDelegatedAdminInput,
  setDelegatedAdminHolderInput,
  setGlobalAdminInput,
  setSystemAdministratorInput,
  setUserDisabledInput,
} from "@/lib/users/schemas";
import { setDelegatedAdminHolder } from "@/lib/users/set-delegated-admin-holder";
import { setGlobalAdmin } from "@/lib/users/set-global-admin";
import { setSystemAdministratorInstances } from "@/lib/users/set-system-administrator";
import { setUserDisabled } from "@/lib/users/set-user-disabled";

// Each export is a public POST endpoint; defineTenantAction authenticates, validates and checks
// `tenant.users.manage` (Global admins only) on the tenant the input names. The services then find
// the user, instance or relation within that tenant only.

export const addUserAction = defineTenantAction({
  name: "user.add",
  permission: "tenant.users.manage",
  schema: addUserInput,
  tenantId: (input) => input.tenantId,
  run: async ({ input, tenant, audit }) => {
    const { user, setPasswordLink } = await addUser({ tenant, ...input, audit });
    return { data: { userId: user.id, setPasswordPath: setPasswordLink?.path ?? null } };
  },
});

export const setUserDisabledAction = defineTenantAction({
  name: "user.setDisabled",
  permission: "tenant.users.manage",
  schema: setUserDisabledInput,
  tenantId: (input) => input.tenantId,
  run: async ({ actor, input, tenant, audit }) => ({
    data: await setUserDisabled({ actor, tenant, userId: input.userId, disabled: input.disabled, audit }),
  }),
});

export const removeUserAction = defineTenantAction({
  name: "user.remove",
  permission: "tenant.users.manage",
  schema: removeUserInput,
  tenantId: (input) => input.tenantId,
  run: async ({ actor, input, tenant, audit }) => ({
    data: await removeUser({ actor, tenant, userId: input.userId, audit }),
  }),
});

export const resetPasswordAction = defineTenantAction({
  name: "user.resetPassword",
  permission: "tenant.users.manage",
  schema: resetPasswordInput,
  tenantId: (input) => input.tenantId,
  run: async ({ input, tenant, audit }) => {
    const { setPasswordLink } = await resetPassword({ tenant, userId: input.userId, audit });
    return { data: { setPasswordPath: setPasswordLink.path } };
  },
});

export const setGlobalAdminAction = defineTenantAction({
  name: "user.setGlobalAdmin",
  permission: "tenant.users.manage",
  schema: setGlobalAdminInput,
  tenantId: (input) => input.tenantId,
  run: async ({ input, tenant, audit }) => ({
    data: await setGlobalAdmin({ tenant, userId: input.userId, globalAdmin: input.globalAdmin, audit }),
  }),
});

export const setSystemAdministratorAction = defineTenantAction({
  name: "user.setSystemAdministrator",
  permission: "tenant.users.manage",
  schema: setSystemAdministratorInput,
  tenantId: (input) => input.tenantId,
  run: async ({ actor, input, tenant, audit }) => ({
    data: await setSystemAdministratorInstances({
      actor,
      tenant,
      userId: input.userId,
      instanceIds: input.instanceIds,
      audit,
    }),
  }),
});

export const grantDelegatedAdminAction = defineTenantAction({
  name: "delegation.grant",
  permission: "tenant.users.manage",
  schema: grantDelegatedAdminInput,
  tenantId: (input) => input.tenantId,
  run: async ({ input, tenant, audit }) => {
    const { partner } = await grantDelegatedAdmin({ tenant, partnerTenantId: input.partnerTenantId, audit });
    return { data: { partnerTenantId: partner.id, partnerName: partner.name } };
  },
});

export const revokeDelegatedAdminAction = defineTenantAction({
  name: "delegation.revoke",
  permission: "tenant.users.manage",
  schema: revokeDelegatedAdminInput,
  tenantId: (input) => input.tenantId,
  run: async ({ input, tenant, audit }) => ({
    data: await revokeDelegatedAdmin({ tenant, partnerTenantId: input.partnerTenantId, audit }),
  }),
});

/** Named by the partner tenant: its own Global admins choose which of its users hold a customer's Delegated Admin. */
export const setDelegatedAdminHolderAction = defineTenantAction({
  name: "delegation.setHolder",
  permission: "tenant.users.manage",
  schema: setDelegatedAdminHolderInput,
  tenantId: (input) => input.tenantId,
  run: async ({ input, tenant, audit }) => ({
    data: await setDelegatedAdminHolder({
      tenant,
      customerTenantId: input.customerTenantId,
      userId: input.userId,
      holds: input.holds,
      audit,
    }),
  }),
});
