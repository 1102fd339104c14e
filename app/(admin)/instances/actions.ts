"use server";

import { defineAction } from "@/lib/actions/define-action";
import { requestUpdate, switchInstance } from "@/lib/instances/change-instance";
import { switchInstanceInput, updateInstanceInput } from "@/lib/instances/schemas";

// Each export is a public POST endpoint; defineAction authenticates, validates and authorizes.

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
