// Single sign-on and local passwords as configured by env: all-or-none OIDC settings with a clear
// start error, and the sign-in methods next-auth registers (a method that is off has no endpoint).
import { describe, expect, test } from "vitest";
import { authProviders } from "@/lib/auth/auth-providers";
import { oidcConfig, parseEnv } from "@/lib/env";

const oidc = {
  OIDC_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0",
  OIDC_CLIENT_ID: "backup-center",
  OIDC_CLIENT_SECRET: "client secret",
};

describe("configuration", () => {
  test("without OIDC_* single sign-on is off and passwords are on", () => {
    const config = parseEnv({});
    expect(oidcConfig(config)).toBeNull();
    expect(config.LOCAL_PASSWORDS).toBe(true);
  });

  test("all three OIDC_* settings turn it on; the button's name defaults to single sign-on", () => {
    expect(oidcConfig(parseEnv(oidc))).toEqual({
      issuer: oidc.OIDC_ISSUER,
      clientId: "backup-center",
      clientSecret: "client secret",
      name: "single sign-on",
    });
    expect(oidcConfig(parseEnv({ ...oidc, OIDC_NAME: "Contoso Entra ID" }))?.name).toBe("Contoso Entra ID");
  });

  test.each(["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const)(
    "a configuration without %s is refused at start, naming what is missing",
    (missing) => {
      const partial: Record<string, string | undefined> = { ...oidc, [missing]: undefined };
      expect(() => parseEnv(partial)).toThrow(
        `Invalid configuration:\n  ${missing}: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET together; ${missing} missing`,
      );
    },
  );

  test("an issuer that is not a URL is refused", () => {
    expect(() => parseEnv({ ...oidc, OIDC_ISSUER: "login.example" })).toThrow(/OIDC_ISSUER/);
  });

  test("LOCAL_PASSWORDS=off without single sign-on is refused: nobody could sign in", () => {
    expect(() => parseEnv({ LOCAL_PASSWORDS: "off" })).toThrow(/LOCAL_PASSWORDS=off needs single sign-on configured/);
    expect(parseEnv({ ...oidc, LOCAL_PASSWORDS: "off" }).LOCAL_PASSWORDS).toBe(false);
  });
});

describe("sign-in methods", () => {
  // A Credentials provider's own id is in its options (next-auth merges them in when it handles a request).
  const ids = (variables: Record<string, string>) =>
    authProviders(parseEnv(variables)).map((p) => (p as { options?: { id?: string } }).options?.id ?? p.id);

  test("passwords only by default (a set-password link is a password too)", () => {
    expect(ids({})).toEqual(["credentials", "set-password"]);
  });

  test("single sign-on beside passwords, then alone with LOCAL_PASSWORDS=off", () => {
    expect(ids(oidc)).toEqual(["oidc", "credentials", "set-password"]);
    expect(ids({ ...oidc, LOCAL_PASSWORDS: "off" })).toEqual(["oidc"]);
  });

  test("the OIDC provider uses discovery, the code flow with PKCE and state, and the ID token's claims", () => {
    const [provider] = authProviders(parseEnv({ ...oidc, OIDC_ISSUER: `${oidc.OIDC_ISSUER}/`, OIDC_NAME: "Entra" }));
    expect(provider).toMatchObject({
      id: "oidc",
      name: "Entra",
      type: "oauth",
      wellKnown: `${oidc.OIDC_ISSUER}/.well-known/openid-configuration`,
      clientId: "backup-center",
      clientSecret: "client secret",
      checks: ["pkce", "state"],
      idToken: true,
      authorization: { params: { scope: "openid email profile" } },
    });
  });
});
