// next-auth's id for the single sign-on provider: it names the redirect URI to register with the
// identity provider, ${NEXTAUTH_URL}/api/auth/callback/oidc. No "server-only": the sign-in button uses it.
export const oidcProviderId = "oidc";
