import { expect, test } from "@playwright/test";
import { damageBackupFile, expectAccessible, openBackupsFor, reload, signIn, takeBackup, users } from "./helpers";

// On Contoso Sandbox: the Audit log spec counts the backups created on Contoso Training.
test("a restore from a damaged backup fails, and the failure is still in Activity after a reload", async ({ page }) => {
  await signIn(page, users.admin);
  await openBackupsFor(page, "Contoso Sandbox");
  await takeBackup(page, "Damaged on disk");
  const backupId = new URL(page.url()).searchParams.get("backup")!;
  await damageBackupFile(backupId);

  await page.getByRole("button", { name: "Restore" }).click();
  const wizard = page.getByRole("dialog", { name: /Restore/ });
  await wizard.getByRole("radio", { name: /Contoso Sandbox/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText(/Restore of "Damaged on disk" to Contoso Sandbox failed/)).toBeVisible({
    timeout: 30_000,
  });

  await reload(page);
  const activity = page.getByRole("region", { name: "Activity" });
  const restore = activity.getByTestId("activity-row").filter({ hasText: 'Restore from "Damaged on disk"' });
  await expect(restore.getByTestId("activity-outcome")).toContainText("Failed");
  await expect(restore.getByTestId("activity-outcome")).toContainText("The backup file failed verification");
  await expect(restore).toContainText("Avery Admin");
  const backup = activity.getByTestId("activity-row").filter({ hasText: 'Backup "Damaged on disk"' });
  await expect(backup.getByTestId("activity-outcome")).toHaveText("Succeeded");
  await expectAccessible(page);
});
