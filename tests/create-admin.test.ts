// Integration: `npm run create-admin` as a real child process against this file's SQLite
// database, the password written to its stdin as a script would.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeEach, describe, expect, test } from "vitest";
import { authorizeCredentials } from "@/lib/auth/authorize-credentials";
import { prisma } from "@/lib/db";
import { setupCodeSetting } from "@/lib/setup/setup-code-format";
import { createActor, createTenant } from "./support/fixtures";
import { emptyDatabase, printedSetupCode, setupState } from "./support/setup-state";

const password = "correct horse battery staple";

/** Runs the script as `npm run create-admin -- <args>` does, with `stdin` piped in. */
function createAdmin(args: string[], stdin: string, env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/create-admin.ts", ...args],
    {
      env,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
}

/** Runs the script expecting it to refuse with `message` and exit `code`, the database unchanged. */
async function expectRefused(args: string[], stdin: string, expected: { code: number; message: string | RegExp }) {
  const before = await setupState();
  const run = await createAdmin(args, stdin);
  expect(run.stderr).toMatch(expected.message);
  expect(run.code).toBe(expected.code);
  expect(await setupState()).toEqual(before);
}

beforeEach(() => emptyDatabase());

describe("npm run create-admin", () => {
  test("on a fresh install: creates the organisation and its global admin, and voids the setup code", async () => {
    await printedSetupCode();
    const run = await createAdmin(
      ["--email", "Ops@Adatum.example", "--tenant", "Adatum", "--name", "Ops Admin"],
      `${password}\n`,
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Added ops@adatum.example as Global admin of the new organisation Adatum.");
    expect(run.code).toBe(0);

    const user = await prisma.user.findUniqueOrThrow({
      where: { email: "ops@adatum.example" },
      include: { assignments: true, tenant: true },
    });
    expect(user).toMatchObject({ name: "Ops Admin", tenant: { name: "Adatum" } });
    expect(user.assignments).toEqual([expect.objectContaining({ role: "GlobalAdmin", tenantId: user.tenantId })]);
    expect(await prisma.appSetting.count({ where: { key: setupCodeSetting } })).toBe(0);
    expect(await prisma.auditEntry.findMany()).toEqual([
      expect.objectContaining({
        actorId: null,
        actorEmail: "System",
        action: "admin.create",
        outcome: "accepted",
        tenantId: user.tenantId,
        detail: "create-admin: added ops@adatum.example as Global admin of the new organisation Adatum.",
      }),
    ]);
    await expect(authorizeCredentials({ email: "ops@adatum.example", password }, "192.0.2.20")).resolves.toMatchObject({
      id: user.id,
    });
  });

  test("before the first start: migrates a new database and adds the admin to it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "backup-center-create-admin-"));
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${join(dir, "new.db")}` };
    const run = await createAdmin(["--email", "first@adatum.example", "--tenant", "Adatum"], `${password}\n`, env);
    expect(run.stdout).toContain("Added first@adatum.example as Global admin of the new organisation Adatum.");
    expect(run.code).toBe(0);
    const db = new Database(join(dir, "new.db"));
    try {
      expect(db.prepare('SELECT "email", "name" FROM "User"').all()).toEqual([
        { email: "first@adatum.example", name: "first" },
      ]);
    } finally {
      db.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test("when users exist: adds a global admin to the tenant of that name, named after the address by default", async () => {
    const tenant = await createTenant("Contoso");
    await createActor("admin@contoso.example", [{ role: "GlobalAdmin", tenantId: tenant.id }], { tenantId: tenant.id });
    const run = await createAdmin(["--email", "second@contoso.example", "--tenant", "Contoso"], `${password}\n`);
    expect(run.stdout).toContain("Added second@contoso.example as Global admin of Contoso.");
    expect(run.code).toBe(0);
    expect(await prisma.tenant.count()).toBe(1);
    const user = await prisma.user.findUniqueOrThrow({
      where: { email: "second@contoso.example" },
      include: { assignments: true },
    });
    expect(user).toMatchObject({ name: "second", tenantId: tenant.id });
    expect(user.assignments).toEqual([expect.objectContaining({ role: "GlobalAdmin", tenantId: tenant.id })]);
  });

  test("an address that already has an account is refused; its password and roles stay", async () => {
    const tenant = await createTenant("Contoso");
    await createActor("admin@contoso.example", [{ role: "GlobalAdmin", tenantId: tenant.id }], { tenantId: tenant.id });
    await expectRefused(["--email", "ADMIN@contoso.example", "--tenant", "Elsewhere"], `${password}\n`, {
      code: 1,
      message: "Not created: admin@contoso.example already has an account.",
    });
  });

  test("a weak or missing password, a bad address and missing options are refused with clear errors", async () => {
    await expectRefused(["--email", "ops@adatum.example", "--tenant", "Adatum"], "short\n", {
      code: 1,
      message: "Not created:\n  password: Use at least 12 characters.",
    });
    await expectRefused(["--email", "ops@adatum.example", "--tenant", "Adatum"], "", {
      code: 1,
      message: "password: Enter a password.",
    });
    await expectRefused(["--email", "not-an-address", "--tenant", "Adatum"], `${password}\n`, {
      code: 1,
      message: "--email: Enter an e-mail address such as name@example.com.",
    });
    await expectRefused(["--email", "ops@adatum.example"], `${password}\n`, {
      code: 2,
      message: /--email and --tenant are required\.\nUsage: npm run create-admin/,
    });
    await expectRefused(["--email", "ops@adatum.example", "--tenant", "Adatum", "--role", "x"], `${password}\n`, {
      code: 2,
      message: /Unknown option '--role'/,
    });
  });
});
