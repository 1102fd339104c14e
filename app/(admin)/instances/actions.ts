"use server";

import { defineAction } from "@/lib/actions/define-action";
import { defineTenantAction } from "@/lib/actions/define-tenant-action";
import { requestUpdate, switchInstance } from "@/lib/instances/change-instance";
import { createInstance } from "@/lib/instances/create-instance";
import { deleteInstance } from "@/lib/instances/delete-instance";
import { renameInstance } from "@/lib/instances/rename-instance";
import {
  createInstanceInput,
  deleteInstanceInput,
  renameInstanceInput,
  switchInstanceInput,
  updateInstanceInput,
} from "@/lib/instances/schemas";

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
  run: async ({ actor, input, instance, audit }) => {
    const { to } = await switchInstance({ actor, instance, to: input.to, audit });
    return { data: { type: to } };
  },
});

export const renameInstanceAction = defineAction({
  name: "instance.rename",
  permission: "tenant.instances.manage",
  schema: renameInstanceInput,
  instanceId: (input) => input.instanceId,
  run: async ({ actor, input, instance, audit }) => {
    const { operation, to } = await renameInstance({ actor, instance, name: input.name, audit });
    return { data: { operationId: operation.id, name: to } };
  },
});

export const deleteInstanceAction = defineAction({
  name: "instance.delete",
  permission: "tenant.instances.manage",
  schema: deleteInstanceInput,
  instanceId: (input) => input.instanceId,
  run: async ({ actor, input, instance, audit }) => {
    const keepBackups = input.backups === "keep";
    const outcome = await deleteInstance({ actor, instance, confirmName: input.confirmName, keepBackups, audit });
    return { data: outcome };
  },
});
