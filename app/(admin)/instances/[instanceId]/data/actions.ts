"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { entities } from "@/lib/records/entities";
import { updateRecord } from "@/lib/records/update-record";
import { idInput, textInput } from "@/lib/validation/text";

const updateRecordInput = z.object({
  instanceId: idInput,
  entity: z.enum(entities.map((e) => e.key) as [string, ...string[]]),
  recordId: z.number().int().positive(),
  values: z.record(z.string(), textInput({ max: 200, required: "Enter a value." })),
});

// A public POST endpoint: defineAction authenticates, validates and authorizes.
export const updateRecordAction = defineAction({
  name: "record.update",
  permission: "records.edit",
  schema: updateRecordInput,
  instanceId: (input) => input.instanceId,
  run: async ({ input, instance, audit }) => {
    const entity = entities.find((e) => e.key === input.entity)!;
    await updateRecord({
      instance,
      entity,
      recordId: input.recordId,
      values: input.values,
      audit,
    });
    return { data: { recordId: input.recordId } };
  },
});
