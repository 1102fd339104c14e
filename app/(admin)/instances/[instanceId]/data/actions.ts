"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { entities } from "@/lib/records/entities";
import { updateRecord } from "@/lib/records/list-records";

const updateRecordInput = z.object({
  instanceId: z.string().trim().min(1).max(64),
  entity: z.enum(entities.map((e) => e.key) as [string, ...string[]]),
  recordId: z.number().int().positive(),
  values: z.record(z.string(), z.string().trim().min(1, "Enter a value.").max(200, "Use at most 200 characters.")),
});

// A public POST endpoint: defineAction authenticates, validates and authorizes.
export const updateRecordAction = defineAction({
  name: "record.update",
  permission: "records.edit",
  schema: updateRecordInput,
  instanceId: (input) => input.instanceId,
  run: async ({ actor, input }) => {
    const entity = entities.find((e) => e.key === input.entity)!;
    await updateRecord({ actor, instanceId: input.instanceId, entity, recordId: input.recordId, values: input.values });
    return { data: { recordId: input.recordId } };
  },
});
