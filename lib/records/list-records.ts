import "server-only";
import type { Actor } from "../auth/policy";
import { findInstanceFor } from "../instances/find-instance";
import { entities, type EntityDefinition } from "./entities";
import { delegateOf, unavailable } from "./record-access";

export const recordsPageSize = 25;

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
