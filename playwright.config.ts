import { defineConfig } from "@playwright/test";
import { identityProvider, ssoApp } from "./e2e/sso-settings";

// The e2e suite runs against a production build on its own port and its own database, so it
// never touches the data of a running `npm start`.
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? "./data/e2e";

export default defineConfig({
  testDir: "./e2e",
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
      command: `rm -rf ${dataDir} && node --conditions=react-server --import tsx scripts/start.ts`,
      url: `${baseURL}/signin`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: `file:${dataDir}/backup-center.db`,
        NEXTAUTH_URL: baseURL,
        WORKER_POLL_MS: "200",
        // New instances get their daily system backup on the scheduler's next maintenance pass.
        MAINTENANCE_INTERVAL_SECONDS: "5",
      },
    },
    // The app of e2e/oidc.spec.ts and e2e/account.spec.ts: single sign-on configured, its own demo
    // data, so the passwords and users they change disturb no other spec. Started after the
    // first, which has built the app by then.
    {
      command: `rm -rf ${ssoApp.dataDir} && node --conditions=react-server --import tsx scripts/start.ts`,
      url: `${ssoApp.url}/signin`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
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
    },
  ],
});
