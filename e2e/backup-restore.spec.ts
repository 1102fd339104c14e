import { expect, test } from "@playwright/test";
import { backupRows, expectAccessible, openBackupsFor, signIn, users } from "./helpers";

test("an admin creates, edits, restores and deletes an on-demand backup", async ({ page }) => {
  await signIn(page, users.admin);
  await openBackupsFor(page, "Contoso Sandbox");

  await page.getByRole("button", { name: "New backup" }).click();
  const dialog = page.getByRole("dialog", { name: "New backup" });
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("Enter a label.")).toBeVisible();
  await dialog.getByLabel("Label").fill("Before the spring cleanup");
  await dialog.getByLabel("Notes").fill("Taken by the e2e suite");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText('Backup "Before the spring cleanup" is being created.')).toBeVisible();

  // Status reaches Succeeded live, without a reload.
  const row = backupRows(page).filter({ hasText: "Before the spring cleanup" });
  await expect(row.getByTestId("backup-status")).toHaveText("Succeeded", { timeout: 30_000 });
  await expect(row).toContainText("Avery Admin");
  await expect(row).toContainText("On-demand");
  await expect(page.getByRole("complementary", { name: "Backup details" })).toContainText(/[0-9a-f]{64}/);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit backup" });
  await edit.getByLabel("Label").fill("Before cleanup (edited)");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(backupRows(page).filter({ hasText: "Before cleanup (edited)" })).toBeVisible();

  await page.getByRole("button", { name: "Restore" }).click();
  const wizard = page.getByRole("dialog", { name: /Restore/ });
  await expect(wizard.getByRole("radio", { name: /Contoso Production/ })).toBeDisabled();
  await expect(wizard.getByText("Switch it to Sandbox first").first()).toBeVisible();
  await wizard.getByRole("radio", { name: /Contoso Sandbox/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByText(/will be replaced/)).toBeVisible();
  await wizard.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText(/Restore of "Before cleanup \(edited\)" to Contoso Sandbox succeeded/)).toBeVisible({
    timeout: 30_000,
  });

  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete backup" }).getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText('Backup "Before cleanup (edited)" deleted.')).toBeVisible();
  await expect(backupRows(page).filter({ hasText: "Before cleanup (edited)" })).toHaveCount(0);
});

test("New backup is disabled with the reason on an 8.0 instance", async ({ page }) => {
  await signIn(page, users.admin);
  await openBackupsFor(page, "Contoso Legacy");
  await expect(page.getByRole("button", { name: "New backup" })).toBeDisabled();
  await expect(page.getByText(/need version 8.1 or later/)).toBeVisible();
});

test("a partner cannot pick or open another tenant's instance", async ({ page }) => {
  await signIn(page, users.admin);
  await openBackupsFor(page, "Contoso Production");
  const contosoUrl = page.url();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, users.partner);
  await page.getByRole("link", { name: "Backup & Restore" }).click();
  await expect(page.getByLabel("Backups for", { exact: true }).locator("option")).toHaveText([
    "Fabrikam Production",
    "Fabrikam Sandbox",
  ]);
  await page.goto(contosoUrl);
  await expect(page.getByRole("alert").filter({ hasText: "Instance not found" })).toBeVisible();
});

test("a restore brings edited data back, as the data page shows", async ({ page }) => {
  await signIn(page, users.sysadmin);
  await page.getByRole("link", { name: "Data of Contoso Sandbox" }).click();
  const firstRow = page.getByTestId("record-row").first();
  const originalName = (await firstRow.locator("td").nth(1).textContent())!;
  await expectAccessible(page);

  await openBackupsFor(page, "Contoso Sandbox");
  await page.getByRole("button", { name: "New backup" }).click();
  await page.getByRole("dialog", { name: "New backup" }).getByLabel("Label").fill("Data safety net");
  await page.getByRole("dialog", { name: "New backup" }).getByRole("button", { name: "Create" }).click();
  const row = backupRows(page).filter({ hasText: "Data safety net" });
  await expect(row.getByTestId("backup-status")).toHaveText("Succeeded", { timeout: 30_000 });

  await page.goto("/instances");
  await page.getByRole("link", { name: "Data of Contoso Sandbox" }).click();
  await page.getByRole("button", { name: "Edit account 1", exact: true }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Renamed by mistake");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(firstRow.locator("td").nth(1)).toHaveText("Renamed by mistake");

  await openBackupsFor(page, "Contoso Sandbox");
  await row.getByRole("link").click();
  await page.getByRole("button", { name: "Restore" }).click();
  const wizard = page.getByRole("dialog", { name: /Restore/ });
  await wizard.getByRole("radio", { name: /Contoso Sandbox/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText(/Restore of "Data safety net" to Contoso Sandbox succeeded/)).toBeVisible({
    timeout: 30_000,
  });

  await page.goto("/instances");
  await page.getByRole("link", { name: "Data of Contoso Sandbox" }).click();
  await expect(firstRow.locator("td").nth(1)).toHaveText(originalName);
});
