import "server-only";
import type { Tenant } from "@prisma/client";
import type { z } from "zod";
import type { TenantPermission } from "../auth/policy";
import { defineActionOn, type ActionDefinition } from "./define-action-on";
import { tenantResource } from "./resources";

/**
 * A server action on a tenant as a whole, such as creating an instance or managing its users (see
 * defineActionOn for the steps): the tenant-wide `permission` is checked on the tenant `tenantId`
 * names, a tenant out of scope reads as not found, and `run` receives it as `tenant`. The accepted
 * entry names the tenant; pass `instanceId` to `audit` when the change is about one of its instances.
 */
export function defineTenantAction<S extends z.ZodType, T>(
  config: Omit<ActionDefinition<S, { tenant: Tenant }, T>, "resources"> & {
    permission: TenantPermission;
    tenantId: (input: z.output<S>) => string;
  },
) {
  const { permission, tenantId, ...rest } = config;
  return defineActionOn<S, { tenant: Tenant }, T>({
    ...rest,
    resources: { tenant: tenantResource(permission, tenantId) },
  });
}
