// A real OpenID Provider for the single sign-on specs: the certified `oidc-provider` package with
// its own login and consent pages, one confidential client registered for the SSO app, and the
// people below. Started by the spec on 127.0.0.1 and stopped after it.
import Provider, { type Account } from "oidc-provider";
import { identityProvider, ssoApp } from "./sso-settings";

export type Person = { sub: string; email: string; email_verified: boolean; name: string };

export async function startIdentityProvider(people: Record<string, Person>): Promise<{ stop: () => Promise<void> }> {
  const provider = new Provider(identityProvider.issuer, {
    clients: [
      {
        client_id: identityProvider.clientId,
        client_secret: identityProvider.clientSecret,
        redirect_uris: [`${ssoApp.url}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    // The login page's "login" is the key in `people`; anyone else is unknown to the provider.
    findAccount: (_ctx, login): Account | undefined => {
      const person = Object.hasOwn(people, login) ? people[login] : undefined;
      return person && { accountId: login, claims: () => ({ ...person }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The ID token carries the requested claims, as Entra ID's and Google's do.
    conformIdTokenClaims: false,
    // A sign-in without PKCE fails here, so the spec proves the app uses it.
    pkce: { required: () => true },
    cookies: { keys: ["e2e identity provider cookie key"] },
  });
  const server = provider.listen(identityProvider.port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return {
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
