import { defineConfig } from "@playwright/test";
import { e2eS3 } from "./e2e/s3-settings";
import { identityProvider, ssoApp } from "./e2e/sso-settings";

// The e2e suite runs against a production build on its own port and its own database, so it
// never touches the data of a running `npm start`.
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? "./data/e2e";
// E2E_DATABASE=postgresql runs the same specs against an app on a throwaway PostgreSQL cluster
// with its backups in a throwaway radosgw's bucket.
const onPostgresql = process.env.E2E_DATABASE === "postgresql";
/** The app's start command: SQLite and local disk in its data dir, or PostgreSQL and S3 of its own. */
const appCommand = `rm -rf ${dataDir} && ${onPostgresql ? "node --import tsx e2e/with-postgresql-and-s3.ts " : ""}node --conditions=react-server --import tsx scripts/start.ts`;

// Stopped with SIGTERM, so a PostgreSQL cluster and a radosgw are shut down and removed with their app.
const gracefulShutdown = { signal: "SIGTERM" as const, timeout: 10_000 };

// The app of e2e/oidc.spec.ts and e2e/account.spec.ts: single sign-on configured, its own demo
// data, so the passwords and users they change disturb no other spec. Started after the first,
// which has built the app by then.
const ssoServer = {
  command: `rm -rf ${ssoApp.dataDir} && node --conditions=react-server --import tsx scripts/start.ts`,
  url: `${ssoApp.url}/signin`,
  timeout: 240_000,
  reuseExistingServer: false,
  stdout: "pipe" as const,
  env: {
    PORT: String(ssoApp.port),
    DATA_DIR: ssoApp.dataDir,
    DATABASE_URL: `file:${ssoApp.dataDir}/backup-center.db`,
    NEXTAUTH_URL: ssoApp.url,
    WORKER_POLL_MS: "1000",
    OIDC_ISSUER: identityProvider.issuer,
    OIDC_CLIENT_ID: identityProvider.clientId,
    OIDC_CLIENT_SECRET: identityProvider.clientSecret,
    OIDC_NAME: identityProvider.name,
  },
};

export default defineConfig({
  testDir: "./e2e",
  // Single sign-on, the account page and first run are about the app, not its database: SQLite only.
  testIgnore: onPostgresql ? ["**/oidc.spec.ts", "**/account.spec.ts", "**/first-run.spec.ts"] : [],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
  },
  webServer: [
    {
      command: appCommand,
      gracefulShutdown,
      url: `${baseURL}/signin`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PORT: String(port),
        DATA_DIR: dataDir,
        ...(onPostgresql ? e2eS3.env : { DATABASE_URL: `file:${dataDir}/backup-center.db` }),
        NEXTAUTH_URL: baseURL,
        WORKER_POLL_MS: "200",
        // New instances get their daily system backup on the scheduler's next maintenance pass.
        MAINTENANCE_INTERVAL_SECONDS: "5",
      },
    },
    // On SQLite only (see testIgnore).
    ...(onPostgresql ? [] : [ssoServer]),
  ],
});
