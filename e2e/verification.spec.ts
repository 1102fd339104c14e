import { expect, test, type Page } from "@playwright/test";
import { damageBackupFile, expectAccessible, openBackupsFor, reload, signIn, takeBackup, users } from "./helpers";

// Role queries skip hidden elements: a refresh can briefly keep a hidden copy of the page in the DOM.
const details = (page: Page) => page.getByRole("complementary", { name: "Backup details" });
const healthOf = (page: Page, instanceName: string) =>
  page.getByTestId("instance-row").filter({ hasText: instanceName }).getByTestId("backup-health");

// On Contoso Production, which no other spec backs up or restores.
test("Verify turns a damaged backup to Failed verification and its instance to Attention", async ({ page }) => {
  await signIn(page, users.admin);
  await openBackupsFor(page, "Contoso Production");
  const row = await takeBackup(page, "Verify me");
  await expect(details(page).getByTestId("last-verified")).toHaveText("Never");

  // A good file passes.
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByText('Verification of "Verify me" succeeded.')).toBeVisible({ timeout: 30_000 });
  await expect(details(page).getByTestId("last-verified")).toContainText("passed");
  await page.getByRole("link", { name: "Instances" }).click();
  await expect(healthOf(page, "Contoso Production")).toContainText("Healthy");

  // The same file, damaged on disk, fails.
  await page.goBack();
  await damageBackupFile(new URL(page.url()).searchParams.get("backup")!);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByText(/Verification of "Verify me" failed: The backup file failed verification/)).toBeVisible({
    timeout: 30_000,
  });
  await reload(page);
  await expect(row.getByTestId("backup-status")).toContainText("Failed verification");
  await expect(details(page).getByTestId("last-verified")).toContainText("failed: The backup file failed verification");
  await expect(page.getByRole("button", { name: "Restore" })).toBeDisabled();
  await expect(details(page).getByTestId("restore-blocked")).toContainText(
    "This backup failed verification, so it can't be restored.",
  );
  const activity = page.getByRole("region", { name: "Activity" });
  const failed = activity.getByTestId("activity-row").filter({ hasText: 'Verification of "Verify me"' }).first();
  await expect(failed.getByTestId("activity-outcome")).toContainText("Failed");
  await expect(page.getByTestId("backup-health").first()).toContainText("Attention");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Instances" }).click();
  const health = healthOf(page, "Contoso Production");
  await expect(health).toContainText("Attention");
  await expect(health).toContainText('Backup "Verify me" failed verification.');
  await expect(health).toContainText("Last successful backup");
  await expect(page.getByRole("region", { name: "Contoso" }).getByTestId("tenant-health")).toContainText(
    /\d healthy, [1-9]\d* needs? attention/,
  );
  await expectAccessible(page);
});
