import "server-only";
import type { Actor, TenantPermission } from "../auth/policy";
import { findTenantFor } from "../tenants/find-tenant";
import { actionWrapper } from "./build-action";

/**
 * A server action on a tenant as a whole, such as creating an instance or managing its users (see
 * buildAction for the steps): the tenant-wide `permission` is checked on the tenant `tenantId`
 * names, a tenant out of scope reads as not found, and `run` receives it as `tenant`. The accepted
 * entry names the tenant; pass `instanceId` to `audit` when the change is about one of its instances.
 */
export const defineTenantAction = actionWrapper({
  key: "tenant",
  find: ({ actor, permission, id }: { actor: Actor; permission: TenantPermission; id: string }) =>
    findTenantFor({ actor, permission, tenantId: id }),
});
