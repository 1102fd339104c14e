import "server-only";
import type { Actor } from "../auth/policy";
import { prisma } from "../db";
import { ConflictError, NotFoundError } from "../errors";
import { findInstanceFor } from "../instances/find-instance";
import { entities, type EntityDefinition } from "./entities";

export const recordsPageSize = 25;

type Row = Record<string, unknown>;
type Delegate = {
  count(args: object): Promise<number>;
  findMany(args: object): Promise<Row[]>;
  updateMany(args: object): Promise<{ count: number }>;
};

function delegateOf(entity: EntityDefinition): Delegate {
  const delegates: Record<EntityDefinition["key"], unknown> = {
    accounts: prisma.account,
    contacts: prisma.contact,
    opportunities: prisma.opportunity,
    cases: prisma.supportCase,
  };
  return delegates[entity.key] as Delegate;
}

function unavailable(instance: { name: string; state: string }) {
  return new ConflictError(`${instance.name} is unavailable while it is ${instance.state.toLowerCase()}.`);
}

/** Record counts per entity and one searchable page of one entity's records. */
export async function listRecords(options: {
  actor: Actor;
  instanceId: string;
  entity: EntityDefinition;
  query?: string;
  page?: number;
}) {
  const instance = await findInstanceFor({
    actor: options.actor,
    permission: "records.view",
    instanceId: options.instanceId,
  });
  if (instance.state === "Restoring") throw unavailable(instance);
  const counts = Object.fromEntries(
    await Promise.all(
      entities.map(async (e) => [e.key, await delegateOf(e).count({ where: { instanceId: instance.id } })] as const),
    ),
  );
  const query = options.query?.trim().slice(0, 100) ?? "";
  const where = {
    instanceId: instance.id,
    ...(query ? { OR: options.entity.searchColumns.map((column) => ({ [column]: { contains: query } })) } : {}),
  };
  const delegate = delegateOf(options.entity);
  const total = await delegate.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / recordsPageSize));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await delegate.findMany({
    where,
    orderBy: { id: "asc" },
    skip: (page - 1) * recordsPageSize,
    take: recordsPageSize,
  });
  return { instance, counts, rows, total, page, pageCount, query };
}

/**
 * Edits a record. The instance's Ready state is part of the update's condition, so an edit can
 * never land in an instance that is being restored.
 */
export async function updateRecord(options: {
  actor: Actor;
  instanceId: string;
  entity: EntityDefinition;
  recordId: number;
  values: Record<string, string>;
}) {
  const instance = await findInstanceFor({
    actor: options.actor,
    permission: "records.edit",
    instanceId: options.instanceId,
  });
  const data = Object.fromEntries(
    Object.entries(options.values).filter(([key]) => options.entity.editableColumns.includes(key)),
  );
  const updated = await delegateOf(options.entity).updateMany({
    where: { instanceId: instance.id, id: options.recordId, instance: { state: "Ready" } },
    data: { ...data, modifiedAt: new Date() },
  });
  if (updated.count === 1) return;
  const current = await prisma.instance.findUnique({ where: { id: instance.id } });
  if (current && current.state !== "Ready") throw unavailable(current);
  throw new NotFoundError(`${options.entity.singular} not found.`);
}
