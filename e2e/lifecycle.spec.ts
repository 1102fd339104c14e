import { expect, test } from "@playwright/test";
import { backupRows, expectAccessible, openBackupsFor, signIn, users } from "./helpers";

test("a freshly started app shows a System backup for every instance, 8.0 included", async ({ page }) => {
  await signIn(page, users.admin);
  for (const name of ["Contoso Legacy", "Contoso Production", "Contoso Sandbox", "Contoso Training"]) {
    await openBackupsFor(page, name);
    const daily = backupRows(page).filter({ hasText: /Daily backup \d{4}-\d{2}-\d{2}/ });
    await expect(daily).toHaveCount(1);
    await expect(daily.locator("td").first()).toHaveText("System");
    await expect(daily.getByTestId("backup-status")).toHaveText("Succeeded", { timeout: 30_000 });
  }
});

test("the Instances page shows each tenant's storage, with backups not counted against it", async ({ page }) => {
  await signIn(page, users.partner);
  const fabrikam = page.getByRole("region", { name: "Fabrikam" });
  await expect(fabrikam.getByTestId("tenant-storage")).toContainText(
    /Storage used by 2 instances: [\d.]+ MB \([\d,]+ records\)/,
  );
  await expect(fabrikam.getByTestId("tenant-storage")).toContainText(
    /Backups: [\d.]+ [KM]B in \d+ backups? — not counted against your storage/,
  );
  await expectAccessible(page);
});

test("a delegated admin switches Production to Sandbox from the restore wizard, then restores into it", async ({
  page,
}) => {
  await signIn(page, users.partner);
  await openBackupsFor(page, "Fabrikam Sandbox");
  const daily = backupRows(page).filter({ hasText: /Daily backup/ });
  await expect(daily.getByTestId("backup-status")).toHaveText("Succeeded", { timeout: 30_000 });
  await daily.getByRole("link").click();
  await page.getByRole("button", { name: "Restore" }).click();
  let wizard = page.getByRole("dialog", { name: /Restore/ });
  await expect(wizard.getByRole("radio", { name: /Fabrikam Production/ })).toBeDisabled();
  await wizard.getByRole("link", { name: "Switch it to Sandbox first" }).click();

  await expect(page).toHaveURL(/\/instances\?switch=\w+&to=Sandbox/);
  const confirm = page.getByRole("dialog", { name: "Switch Fabrikam Production to Sandbox" });
  await expect(confirm).toContainText("This is a serious step");
  await expectAccessible(page);
  await confirm.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByText("Fabrikam Production is now a Sandbox instance.")).toBeVisible();
  const row = page.getByTestId("instance-row").filter({ hasText: "Fabrikam Production" });
  await expect(row.getByTestId("instance-type")).toHaveText("Sandbox");
  await expect(page).toHaveURL(/\/instances$/);

  await openBackupsFor(page, "Fabrikam Sandbox");
  await daily.getByRole("link").click();
  await page.getByRole("button", { name: "Restore" }).click();
  wizard = page.getByRole("dialog", { name: /Restore/ });
  await wizard.getByRole("radio", { name: /Fabrikam Production/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard).toContainText("9.2.24");
  await wizard.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText(/Restore of "Daily backup [\d-]+" to Fabrikam Production succeeded/)).toBeVisible({
    timeout: 30_000,
  });

  // Switching back: Production again, and no longer a restore target.
  await page.goto("/instances");
  await row.getByRole("button", { name: "Switch Fabrikam Production" }).click();
  await page
    .getByRole("dialog", { name: "Switch Fabrikam Production to Production" })
    .getByRole("button", { name: "Switch" })
    .click();
  await expect(row.getByTestId("instance-type")).toHaveText("Production");
});

test("an admin updates an instance: the pre-update backup appears and the new version shows", async ({ page }) => {
  await signIn(page, users.admin);
  const row = page.getByTestId("instance-row").filter({ hasText: "Contoso Training" });
  await expect(row.getByTestId("instance-version")).toHaveText("9.1.8");
  await row.getByRole("button", { name: "Update Contoso Training" }).click();
  const dialog = page.getByRole("dialog", { name: "Update Contoso Training" });
  await expect(dialog.getByLabel("Version").locator("option")).toHaveText(["9.3.5", "9.2.24"]);
  await expect(dialog).toContainText("Before update to 9.3.5");
  await dialog.getByLabel("Version").selectOption("9.2.24");
  await expect(dialog).toContainText("Before update to 9.2.24");
  await dialog.getByLabel("Version").selectOption("9.3.5");
  await dialog.getByRole("button", { name: "Update" }).click();
  await expect(page.getByText("Updating Contoso Training to 9.3.5. A backup is taken first.")).toBeVisible();

  await expect(row.getByTestId("instance-version")).toContainText("9.3.5", { timeout: 30_000 });
  await expect(row.getByTestId("instance-state")).toHaveText("Ready");
  await expect(page.getByText("Contoso Training was updated to 9.3.5.")).toBeVisible();
  // On the latest version there is nothing to update to, and the row says so.
  await expect(row.getByTestId("instance-version")).toContainText("Latest version");
  const update = row.getByRole("button", { name: "Update Contoso Training" });
  await expect(update).toBeDisabled();
  await expect(update).toHaveAccessibleDescription("Latest version");

  await openBackupsFor(page, "Contoso Training");
  const before = backupRows(page).filter({ hasText: "Before update to 9.3.5" });
  await expect(before.locator("td").first()).toHaveText("System");
  await expect(before.getByTestId("backup-status")).toHaveText("Succeeded");
  await before.getByRole("link").click();
  // System backups can only be restored; the details name the version the backup was taken on.
  await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(page.locator('dt:text-is("Version") + dd')).toHaveText("9.1.8");
  await page.getByRole("button", { name: "Restore" }).click();
  const wizard = page.getByRole("dialog", { name: /Restore/ });
  await wizard.getByRole("radio", { name: /Contoso Sandbox/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.locator('dt:text-is("Version") + dd')).toHaveText("9.1.8");
});
