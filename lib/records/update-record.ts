import "server-only";
import type { AuditAccepted } from "../audit/record-audit";
import type { Instance } from "@prisma/client";
import { prisma } from "../db";
import { NotFoundError, ValidationError } from "../errors";
import type { EntityDefinition } from "./entities";
import { delegateOf, unavailable } from "./record-access";

/**
 * Edits a record's editable fields (other keys are ignored) and audits, in the same transaction,
 * which record and fields it set (in the entity's editable-column order). An edit that sets no editable field is refused: it would only
 * bump modifiedAt and audit a change that never happened. The instance's Ready state is part of
 * the update's condition, so an edit can never land in an instance that is being restored.
 */
export async function updateRecord(options: {
  /** Loaded with the actor's records.edit scope. */
  instance: Instance;
  entity: EntityDefinition;
  recordId: number;
  values: Record<string, string>;
  audit?: AuditAccepted;
}): Promise<void> {
  const { entity, recordId, instance } = options;
  const fields = entity.editableColumns.filter((column) => Object.hasOwn(options.values, column));
  if (fields.length === 0) throw noFieldsError(entity);
  const data = Object.fromEntries(fields.map((column) => [column, options.values[column]]));
  const updated = await prisma.$transaction(async (tx) => {
    const result = await delegateOf(entity, tx).updateMany({
      where: { instanceId: instance.id, id: recordId, instance: { state: "Ready" } },
      data: { ...data, modifiedAt: new Date() },
    });
    if (result.count === 1) {
      await options.audit?.(tx, { detail: `Edited ${entity.singular} ${recordId} (${fields.join(", ")}).` });
    }
    return result;
  });
  if (updated.count === 1) return;
  const current = await prisma.instance.findUnique({ where: { id: instance.id } });
  if (current && current.state !== "Ready") throw unavailable(current);
  throw new NotFoundError(`${entity.singular} not found.`);
}

/** An edit naming none of the entity's editable fields: refused, naming the fields it may set. */
function noFieldsError(entity: EntityDefinition) {
  const labels = entity.editableColumns.map((name) => entity.columns.find((c) => c.name === name)?.label ?? name);
  const message = `Change at least one field: ${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}.`;
  return new ValidationError(message, { values: [message] });
}
