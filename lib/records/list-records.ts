import "server-only";
import type { Actor } from "../auth/policy";
import { findInstanceFor } from "../instances/find-instance";
import { searchRecordIds } from "../sql/search-record-ids";
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
  const search = searchRecordIds({ entity: options.entity, instanceId: instance.id, query });
  const total = await search.count();
  const pageCount = Math.max(1, Math.ceil(total / recordsPageSize));
  const requested = options.page !== undefined && Number.isSafeInteger(options.page) ? options.page : 1;
  const page = Math.min(Math.max(1, requested), pageCount);
  const pageIds = await search.page(recordsPageSize, (page - 1) * recordsPageSize);
  // The rows themselves through Prisma, so their values (dates included) come back typed as usual.
  const rows =
    pageIds.length === 0
      ? []
      : await delegateOf(options.entity).findMany({
          where: { instanceId: instance.id, id: { in: pageIds } },
          orderBy: { id: "asc" },
        });
  return { instance, counts, rows, total, page, pageCount, query };
}
