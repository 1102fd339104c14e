import "server-only";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import { oidcConfig, type Env } from "../env";
import { setPasswordWithToken } from "../users/set-password-with-token";
import { authorizeCredentials } from "./authorize-credentials";
import { clientAddressHeader } from "./client-address";
import { oidcProviderId } from "./oidc-provider-id";

/** Set by scripts/web-server.ts from the connection; "unknown" shares one bucket when it is absent. */
function clientAddressOf(headers: Record<string, unknown> | undefined): string {
  const value = headers?.[clientAddressHeader];
  return typeof value === "string" && value ? value : "unknown";
}

/**
 * The sign-in methods `config` turns on: single sign-on when OIDC_* is set, passwords unless
 * LOCAL_PASSWORDS=off. A method that is off is not registered at all, so next-auth refuses its
 * endpoints on the server (hiding its form would not be enough).
 */
export function authProviders(config: Env): Provider[] {
  const providers: Provider[] = [];
  const oidc = oidcConfig(config);
  if (oidc) {
    providers.push({
      id: oidcProviderId,
      name: oidc.name,
      type: "oauth",
      // Discovery gives the endpoints and the signing keys; the ID token's issuer must match it.
      wellKnown: `${oidc.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      // Authorization code flow with PKCE and state (next-auth keeps both in short-lived cookies).
      checks: ["pkce", "state"],
      idToken: true,
      // The provider's identity; lib/auth/resolve-sso-user.ts decides which user it is, if any.
      profile: (claims: Record<string, unknown>) => ({
        id: String(claims.sub ?? ""),
        email: typeof claims.email === "string" ? claims.email : null,
        name: typeof claims.name === "string" ? claims.name : null,
      }),
    });
  }
  if (config.LOCAL_PASSWORDS) {
    providers.push(
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials, req) => authorizeCredentials(credentials, clientAddressOf(req?.headers)),
      }),
      // A one-time set-password link (lib/users/set-password-with-token.ts): sets the password,
      // spends the link and signs the user in. The link is the secret, so no throttle is needed.
      CredentialsProvider({
        id: "set-password",
        name: "Set password",
        credentials: { token: { type: "text" }, password: { label: "Password", type: "password" } },
        authorize: (credentials) => setPasswordWithToken(credentials),
      }),
    );
  }
  return providers;
}
