// Direct access to the SSO app's database, for what no page of this app does yet in a spec's
// set-up (disabling a user); every check of the outcome goes through the browser.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { ssoApp } from "./sso-settings";

export function openSsoDatabase(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `${ssoApp.dataDir}/backup-center.db` }) });
}
