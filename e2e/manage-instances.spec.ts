import { expect, test, type Page } from "@playwright/test";
import { backupRows, expectAccessible, openBackupsFor, signIn, users } from "./helpers";

/** axe on the page once earlier toasts are gone: one fading out has too little contrast to pass. */
async function expectAccessibleAfterToasts(page: Page) {
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 10_000 });
  await expectAccessible(page);
}

// Northwind has no instances in the demo estate, so creating one there leaves the other specs'
// Contoso and Fabrikam instances as they were.

test("a global admin creates an instance, which starts empty and gets its daily backup, then renames and deletes it", async ({
  page,
}) => {
  await signIn(page, users.northwindAdmin);
  const northwind = page.getByRole("region", { name: "Northwind" });
  await expect(northwind).toContainText("Northwind has no instances yet.");
  await expectAccessible(page);

  await northwind.getByRole("button", { name: "New instance in Northwind" }).click();
  const dialog = page.getByRole("dialog", { name: "New instance" });
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByLabel("Name")).toHaveAccessibleDescription("Enter a name.");
  await expect(dialog.getByLabel("Region")).toHaveAccessibleDescription("Choose a region.");
  await dialog.getByLabel("Name").fill("Northwind Dev");
  // Another tenant's domain: the server refuses it on the field, and what was typed stays.
  await dialog.getByLabel("URL or domain").fill("https://contoso.crm.example/");
  await expect(dialog.getByLabel("Version")).toHaveValue("9.3.5");
  await dialog.getByLabel("Version").selectOption("9.2.24");
  await dialog.getByLabel("Region").selectOption("Europe");
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Create" }).click();
  const domain = dialog.getByLabel("URL or domain");
  await expect(domain).toHaveAccessibleDescription(/The domain contoso\.crm\.example is already in use/);
  await expect(domain).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Name")).toHaveValue("Northwind Dev");
  await domain.fill("northwind-dev.crm.example");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Northwind Dev was created.", { exact: false })).toBeVisible();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("instance-row").filter({ hasText: "Northwind Dev" });
  await expect(row).toContainText("northwind-dev.crm.example");
  await expect(row.getByTestId("instance-type")).toHaveText("Sandbox");
  await expect(row.getByTestId("instance-version")).toHaveText("9.2.24");
  await expect(row).toContainText("Europe");
  await expect(row).toContainText("0 records");

  // The scheduler's next pass gives it the day's system backup, like every other instance.
  await openBackupsFor(page, "Northwind Dev");
  const daily = backupRows(page).filter({ hasText: /Daily backup \d{4}-\d{2}-\d{2}/ });
  await expect(daily).toHaveCount(1, { timeout: 30_000 });
  await expect(daily.locator("td").first()).toHaveText("System");
  await expect(daily.getByTestId("backup-status")).toHaveText("Succeeded", { timeout: 30_000 });

  await page.getByRole("link", { name: "Instances" }).click();
  await row.getByRole("button", { name: "Rename Northwind Dev" }).click();
  const rename = page.getByRole("dialog", { name: "Rename Northwind Dev" });
  await expect(rename.getByLabel("Name")).toHaveValue("Northwind Dev");
  await rename.getByLabel("Name").fill("Northwind Dev");
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(rename.getByLabel("Name")).toHaveAccessibleDescription("Enter a new name.");
  await rename.getByLabel("Name").fill("Northwind Development");
  await expectAccessibleAfterToasts(page);
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText("Northwind Dev was renamed to Northwind Development.")).toBeVisible();
  const renamed = page.getByTestId("instance-row").filter({ hasText: "Northwind Development" });
  await expect(renamed).toBeVisible();

  await renamed.getByRole("button", { name: "Delete Northwind Development" }).click();
  const remove = page.getByRole("dialog", { name: "Delete Northwind Development" });
  await expect(remove).toContainText("northwind-dev.crm.example");
  await expect(remove).toContainText("Its backups (1 backup)");
  await expect(remove.getByRole("radio", { name: /Keep them/ })).toBeChecked();
  const confirm = remove.getByRole("button", { name: "Delete" });
  await expect(confirm).toBeDisabled();
  await remove.getByLabel("Type Northwind Development to confirm").fill("Northwind Dev");
  await expect(confirm).toBeDisabled();
  await remove.getByLabel("Type Northwind Development to confirm").fill("Northwind Development");
  await expectAccessibleAfterToasts(page);
  await confirm.click();
  await expect(page.getByText("Northwind Development was deleted. 1 backup kept until it expires.")).toBeVisible();
  await expect(page.getByTestId("instance-row")).toHaveCount(0);
  await expect(northwind).toContainText("Northwind has no instances yet.");
});

test("a System Administrator sees no New instance, Rename or Delete", async ({ page }) => {
  await signIn(page, users.sysadmin);
  await expect(page.getByTestId("instance-row")).toHaveCount(2);
  await expect(page.getByRole("button", { name: /New instance/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Rename / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(0);
  // What they may do on their instances is still there.
  await expect(page.getByRole("button", { name: "Switch Contoso Sandbox" })).toBeVisible();
});

test("a global admin sees New instance for their tenant and Rename and Delete on its instances", async ({ page }) => {
  await signIn(page, users.admin);
  const contoso = page.getByRole("region", { name: "Contoso" });
  await expect(contoso.getByRole("button", { name: "New instance in Contoso" })).toBeVisible();
  await expect(contoso.getByRole("button", { name: /^Delete / })).toHaveCount(4);
  await expect(contoso.getByRole("button", { name: /^Rename / })).toHaveCount(4);
});
