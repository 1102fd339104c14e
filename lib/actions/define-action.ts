import "server-only";
import type { Actor, Permission } from "../auth/policy";
import { findInstanceFor } from "../instances/find-instance";
import { actionWrapper } from "./build-action";

export type { ActionOutcome, ActionResult } from "./build-action";

/**
 * A server action on an instance (see buildAction for the steps): `permission` is checked on the
 * instance `instanceId` names, an instance out of scope reads as not found, and `run` receives it
 * as `instance`.
 */
export const defineAction = actionWrapper({
  key: "instance",
  find: ({ actor, permission, id }: { actor: Actor; permission: Permission; id: string }) =>
    findInstanceFor({ actor, permission, instanceId: id }),
});
