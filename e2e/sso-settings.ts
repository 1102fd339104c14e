// Where the single sign-on end-to-end tests run: a second app (its own port, data directory and
// database, single sign-on configured) and a real OpenID provider the spec itself starts. The
// ports follow E2E_PORT, so each worktree's run keeps to its own.
const appPort = Number(process.env.E2E_PORT ?? 3210);

export const ssoApp = {
  port: Number(process.env.E2E_SSO_PORT ?? appPort + 1),
  dataDir: process.env.E2E_SSO_DATA_DIR ?? `${process.env.E2E_DATA_DIR ?? "./data/e2e"}-sso`,
  get url() {
    return `http://localhost:${this.port}`;
  },
};

export const identityProvider = {
  port: Number(process.env.E2E_IDP_PORT ?? appPort + 2),
  name: "Contoso ID",
  clientId: "backup-center-e2e",
  clientSecret: "e2e client secret, known to the test only",
  get issuer() {
    return `http://127.0.0.1:${this.port}`;
  },
};
