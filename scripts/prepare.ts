// Migrations and, on an empty database, the demo data. Run by `npm start` and the e2e server.
import "./private-files"; // first: sets the private umask before anything creates a file
import { seedDemoData } from "../lib/demo/seed-demo";
import { env } from "../lib/env";
import { issueSetupCode } from "../lib/setup/issue-setup-code";
import { prepareDatabase } from "../lib/setup/prepare-database";
import { requireBackupStorage } from "./require-backup-storage";

const started = Date.now();
await requireBackupStorage();
prepareDatabase();
const config = env();
if (config.DEMO_DATA) {
  const seeded = await seedDemoData({ password: config.DEMO_PASSWORD });
  if (seeded) {
    console.log(`Seeded demo data in ${Date.now() - started} ms.`);
    console.log(
      `Demo accounts: admin@contoso.example, sysadmin@contoso.example, partner@northwind.example, user@contoso.example` +
        ` — password: ${config.DEMO_PASSWORD}`,
    );
  }
}
console.log(`Database ready (${Date.now() - started} ms).`);
if (config.DEMO_DATA) {
  console.warn(
    "WARNING: demo accounts are enabled (DEMO_DATA=on) and their password is published. " +
      "Never use them in production: start with DEMO_DATA=off and set up your own organisation.",
  );
}
// Issued here, once per start before the web server runs, so every web process checks the same code.
const setup = await issueSetupCode();
if (setup) {
  console.log(
    `No user exists yet: open /setup to set up Backup Center. The code works once, until ${setup.expiresAt.toISOString()}.`,
  );
  console.log(`Setup code: ${setup.code}`);
}
