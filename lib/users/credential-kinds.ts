import "server-only";
import { env, oidcConfig, type Env } from "../env";

export type CredentialKind = "password" | "link" | "sso";

/**
 * How a new user may get to sign in, given the sign-in methods that are on: an initial password
 * or a set-password link while local passwords are on, single sign-on only when it is configured.
 */
export function availableCredentialKinds(config: Env = env()): CredentialKind[] {
  return [
    ...(config.LOCAL_PASSWORDS ? (["password", "link"] as const) : []),
    ...(oidcConfig(config) ? (["sso"] as const) : []),
  ];
}
