import "server-only";
import type { Instance } from "@prisma/client";
import { instanceScope, type Actor, type Permission } from "../auth/policy";
import { prisma } from "../db";
import { NotFoundError } from "../errors";

/**
 * Loads one instance only if the actor has `permission` on it. The scope is part of the query, so
 * an instance the actor may not manage is indistinguishable from one that does not exist.
 */
export async function findInstanceFor(options: {
  actor: Actor;
  permission: Permission;
  instanceId: string;
}): Promise<Instance> {
  const instance = await prisma.instance.findFirst({
    where: { AND: [{ id: options.instanceId }, instanceScope(options.actor, options.permission)] },
  });
  if (!instance) throw new NotFoundError("Instance not found.");
  return instance;
}
