import "server-only";
import type { Instance } from "@prisma/client";
import type { z } from "zod";
import type { Permission } from "../auth/policy";
import { defineActionOn, type ActionDefinition } from "./define-action-on";
import { instanceResource } from "./resources";

export type { ActionOutcome, ActionResult } from "./define-action-on";

/**
 * A server action on one instance (see defineActionOn for the steps): `permission` is checked on
 * the instance `instanceId` names, an instance out of scope reads as not found, and `run`
 * receives it as `instance`.
 */
export function defineAction<S extends z.ZodType, T>(
  config: Omit<ActionDefinition<S, { instance: Instance }, T>, "resources"> & {
    permission: Permission;
    instanceId: (input: z.output<S>) => string;
  },
) {
  const { permission, instanceId, ...rest } = config;
  return defineActionOn<S, { instance: Instance }, T>({
    ...rest,
    resources: { instance: instanceResource(permission, instanceId) },
  });
}
