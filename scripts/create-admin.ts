// `npm run create-admin -- --email <e-mail> --tenant <organisation> [--name <name>]`: adds a global
// admin from a shell — the first one instead of the setup page, or another one later (the
// organisation is created when no tenant has that name). The password is asked for twice without
// echo on a terminal, or read from the first line of stdin when piped (for scripts).
import "./private-files"; // first: sets the private umask before anything creates a file
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { databaseFilePath, databaseProvider } from "../lib/env";
import { AppError } from "../lib/errors";
import { createAdmin } from "../lib/setup/create-admin";
import { globalAdminInput } from "../lib/setup/schemas";
import { prepareDatabase } from "../lib/setup/prepare-database";
import { readPassword } from "./read-password";

const usage = "Usage: npm run create-admin -- --email <e-mail> --tenant <organisation> [--name <name>]";

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let args: { email?: string; tenant?: string; name?: string; help?: boolean };
try {
  args = parseArgs({
    options: {
      email: { type: "string" },
      tenant: { type: "string" },
      name: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
if (!args.email || !args.tenant) fail(`--email and --tenant are required.\n${usage}`, 2);

const password = await readPassword();
if (password === null) fail("The passwords don't match. Nothing was created.");
const parsed = globalAdminInput.safeParse({
  email: args.email,
  tenant: args.tenant,
  // The name defaults to the address's local part; it can be changed later.
  name: args.name ?? args.email.split("@")[0],
  password,
});
if (!parsed.success) {
  const problems = Object.entries(z.flattenError(parsed.error).fieldErrors).map(
    ([field, messages]) => `  ${field === "password" ? "password" : `--${field}`}: ${messages?.[0]}`,
  );
  fail(`Not created:\n${problems.join("\n")}`);
}

// A fresh install is migrated first. An existing SQLite database is left as it is: `npm start`
// migrates it, and the migration engine cannot take its lock while the running app holds the
// file. PostgreSQL takes migrations while the app runs, and deploy applies only missing ones.
if (databaseProvider() === "postgresql" || !existsSync(databaseFilePath())) prepareDatabase();
try {
  const { user, tenant, createdTenant } = await createAdmin(parsed.data);
  console.log(
    `Added ${user.email} as Global admin of ${createdTenant ? "the new organisation " : ""}${tenant.name}. ` +
      "They can sign in now.",
  );
  process.exit(0);
} catch (error) {
  if (error instanceof AppError) fail(`Not created: ${error.message}`);
  throw error;
}
