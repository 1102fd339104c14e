import "server-only";
import type { z } from "zod";
import type { OwnAccount } from "../account/find-own-account";
import type { OwnAccountPermission } from "../auth/policy";
import { defineActionOn, type ActionDefinition } from "./define-action-on";
import { ownAccountResource } from "./resources";

/**
 * A server action on the signed-in user's own account, such as changing their password (see
 * defineActionOn for the steps): the account is the session's user, never one the input names,
 * `permission` is checked on it, and `run` receives it as `account`. Every signed-in user may,
 * whatever their roles; the audit entries name only the actor.
 */
export function defineOwnAccountAction<S extends z.ZodType, T>(
  config: Omit<ActionDefinition<S, { account: OwnAccount }, T>, "resources"> & { permission: OwnAccountPermission },
) {
  const { permission, ...rest } = config;
  return defineActionOn<S, { account: OwnAccount }, T>({
    ...rest,
    resources: { account: ownAccountResource(permission) },
  });
}
