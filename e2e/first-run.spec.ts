import { expect, test } from "@playwright/test";
import { startFirstRunServer } from "./first-run-server";
import { backupRows, expectAccessible } from "./helpers";

// The suite's own server runs with demo data; this spec starts a second one without, on the next
// port and a data directory of its own, as an operator running Backup Center for real would.
// E2E_PORT + 1 and + 2 are the single sign-on spec's app and identity provider.
const port = Number(process.env.E2E_PORT ?? 3210) + 3;
const dataDir = `${process.env.E2E_DATA_DIR ?? "./data/e2e"}-first-run`;
let server: Awaited<ReturnType<typeof startFirstRunServer>>;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await startFirstRunServer({ port, dataDir });
});

test.afterAll(async () => {
  await server?.stop();
});

test("with demo data on, sign-in says demo accounts are enabled", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("note")).toContainText("Demo accounts are enabled.");
});

test("first run: set up with the logged code, sign in, create an instance, take a backup", async ({ page }) => {
  test.setTimeout(120_000);
  const password = "correct horse battery staple";
  expect(server.setupCode).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
  expect(server.log()).not.toContain("demo accounts are enabled");

  // Every page leads to setup while no user exists.
  await page.goto(`${server.url}/instances`);
  await expect(page).toHaveURL(`${server.url}/setup`);
  await page.goto(`${server.url}/signin`);
  await expect(page).toHaveURL(`${server.url}/setup`);
  await expect(page.getByRole("heading", { name: "Set up Backup Center" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Setup code").fill("ABCD-EFGH-JKMN-PQRS");
  await page.getByLabel("Organisation").fill("Adatum");
  await page.getByLabel("Your name").fill("Ada Admin");
  await page.getByLabel("Email").fill("ada@adatum.example");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("short");
  await page.getByRole("button", { name: "Set up Backup Center" }).click();
  await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription(
    /Use at least 12 characters\.$/,
  );
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Set up Backup Center" }).click();
  await expect(page.getByLabel("Setup code")).toHaveAccessibleDescription(/The setup code is incorrect\./);
  await expectAccessible(page);

  await page.getByLabel("Setup code").fill(server.setupCode);
  await page.getByRole("button", { name: "Set up Backup Center" }).click();
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finstances$/);
  await expect(page.getByText("Backup Center is set up. Sign in as ada@adatum.example.")).toBeVisible();
  await expect(page.getByRole("note")).toHaveCount(0);
  // The page is gone for good.
  await page.goto(`${server.url}/setup`);
  await expect(page).toHaveURL(/\/signin$/);

  await page.getByLabel("Email").fill("ada@adatum.example");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const adatum = page.getByRole("region", { name: "Adatum" });
  await expect(adatum).toContainText("Adatum has no instances yet.");

  await adatum.getByRole("button", { name: "New instance in Adatum" }).click();
  const dialog = page.getByRole("dialog", { name: "New instance" });
  await dialog.getByLabel("Name").fill("Adatum Sandbox");
  await dialog.getByLabel("URL or domain").fill("adatum-sandbox.crm.example");
  await dialog.getByLabel("Region").selectOption("North America");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page.getByTestId("instance-row").filter({ hasText: "Adatum Sandbox" })).toBeVisible();

  await page.getByRole("link", { name: "Backup & Restore" }).click();
  await page.getByLabel("Backups for", { exact: true }).selectOption({ label: "Adatum Sandbox" });
  await page.getByRole("button", { name: "New backup" }).click();
  const backup = page.getByRole("dialog", { name: "New backup" });
  await backup.getByLabel("Label").fill("First backup");
  await backup.getByRole("button", { name: "Create" }).click();
  const row = backupRows(page).filter({ hasText: "First backup" });
  await expect(row.getByTestId("backup-status")).toHaveText("Succeeded", { timeout: 30_000 });
  await expect(row).toContainText("Ada Admin");
});
