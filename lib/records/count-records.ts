import "server-only";
import { instanceScope, type Actor, type Permission } from "../auth/policy";
import { prisma } from "../db";
import { entities } from "./entities";
import { delegateOf } from "./record-access";

/** Record counts per entity table, as a backup's recordCounts holds them. */
export type RecordCounts = Record<string, number>;

/**
 * Current record counts of each of `instanceIds` that the actor holds `permission` on and that is
 * Ready (one being restored or changed has no settled count); the others are left out.
 */
export async function countRecords(options: {
  actor: Actor;
  permission: Permission;
  instanceIds: readonly string[];
}): Promise<Map<string, RecordCounts>> {
  const instances = await prisma.instance.findMany({
    where: {
      AND: [{ id: { in: [...options.instanceIds] }, state: "Ready" }, instanceScope(options.actor, options.permission)],
    },
    select: { id: true },
  });
  const counted = await Promise.all(
    instances.map(async ({ id }) => {
      const perEntity = await Promise.all(
        entities.map(async (e) => [e.table, await delegateOf(e).count({ where: { instanceId: id } })] as const),
      );
      return [id, Object.fromEntries(perEntity)] as const;
    }),
  );
  return new Map(counted);
}
