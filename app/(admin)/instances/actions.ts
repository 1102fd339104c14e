"use server";

import { defineAction } from "@/lib/actions/define-action";
import { defineTenantAction } from "@/lib/actions/define-tenant-action";
import { requestUpdate, switchInstance } from "@/lib/instances/change-instance";
import { createInstance } from "@/lib/instances/create-instance";
import { createInstanceInput, switchInstanceInput, updateInstanceInput } from "@/lib/instances/schemas";

// Each export is a public POST endpoint; defineAction and defineTenantAction authenticate,
// validate and authorize.

export const createInstanceAction = defineTenantAction({
  name: "instance.create",
  permission: "tenant.instances.manage",
  schema: createInstanceInput,
  tenantId: (input) => input.tenantId,
  run: async ({ actor, input: { tenantId: _tenantId, ...fields }, tenant, audit }) => {
    const { instance, operation } = await createInstance({ actor, tenant, instance: fields, audit });
    return { data: { instanceId: instance.id, operationId: operation.id } };
  },
});

export const updateInstanceAction = defineAction({
  name: "instance.update",
  permission: "instance.update",
  schema: updateInstanceInput,
  instanceId: (input) => input.instanceId,
  run: async ({ actor, input, instance, audit }) => {
    const { backup, operation } = await requestUpdate({ actor, instance, version: input.version, audit });
    return { data: { operationId: operation.id, backupId: backup.id } };
  },
});

export const switchInstanceAction = defineAction({
  name: "instance.switch",
  permission: "instance.switch",
  schema: switchInstanceInput,
  instanceId: (input) => input.instanceId,
  run: async ({ input, instance, audit }) => {
    const { to } = await switchInstance({ instance, to: input.to, audit });
    return { data: { type: to } };
  },
});
