import { expect, test, type Page } from "@playwright/test";
import { backupRows, expectAccessible, openBackupsFor, reload, signIn, users } from "./helpers";

// On Contoso Production, whose backups no other spec counts; nothing here restores.

async function createBackup(page: Page, label: string) {
  await page.getByRole("button", { name: "New backup" }).click();
  const dialog = page.getByRole("dialog", { name: "New backup" });
  await dialog.getByLabel("Label").fill(label);
  await dialog.getByRole("button", { name: "Create" }).click();
  const row = backupRows(page).filter({ hasText: label });
  await expect(row.getByTestId("backup-status")).toHaveText("Succeeded", { timeout: 30_000 });
}

const details = (page: Page) => page.getByRole("complementary", { name: "Backup details" });

test("a click anywhere on a row, or the keyboard, selects a backup; filters narrow the list", async ({ page }) => {
  await signIn(page, users.admin);
  await openBackupsFor(page, "Contoso Production");
  await createBackup(page, "Row pick one");
  await createBackup(page, "Row pick two");
  const rows = backupRows(page);
  const one = rows.filter({ hasText: "Row pick one" });
  const two = rows.filter({ hasText: "Row pick two" });

  // A click on the Size cell, away from the label link, selects the row; the URL keeps it.
  await one.getByRole("gridcell").last().click();
  await expect(one).toHaveAttribute("aria-selected", "true");
  await expect(details(page).getByRole("heading", { name: "Row pick one" })).toBeVisible();
  await expect(page).toHaveURL(/[?&]backup=/);
  await reload(page);
  await expect(one).toHaveAttribute("aria-selected", "true");
  await expect(details(page).getByRole("heading", { name: "Row pick one" })).toBeVisible();

  // The grid is one Tab stop, on the selected row; arrows move, Enter and Space select.
  await expect(page.getByRole("grid", { name: "Backups for Contoso Production" })).toBeVisible();
  await expect(rows.and(page.locator('[tabindex="0"]'))).toHaveCount(1);
  await one.focus();
  await page.keyboard.press("ArrowUp");
  await expect(two).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(two).toHaveAttribute("aria-selected", "true");
  await expect(details(page).getByRole("heading", { name: "Row pick two" })).toBeVisible();
  await expect(one).toHaveAttribute("aria-selected", "false");
  await expect(two).toBeFocused();
  await page.keyboard.press("End");
  await expect(rows.last()).toBeFocused();
  await page.keyboard.press("Home");
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press(" ");
  await expect(rows.nth(1)).toHaveAttribute("aria-selected", "true");
  await expectAccessible(page);

  // The label link still selects.
  await one.getByRole("link", { name: "Row pick one" }).click();
  await expect(one).toHaveAttribute("aria-selected", "true");

  const filters = page.getByRole("form", { name: "Filter the backups" });
  await filters.getByLabel("Type").selectOption({ label: "On-demand" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]type=on-demand/);
  await expect(rows).toHaveCount(2);
  await expect(
    page.getByRole("navigation", { name: "Backup pages" }).getByText("Page 1 of 1 · 2 matching backups"),
  ).toBeVisible();
  await filters.getByLabel("Status").selectOption({ label: "Failed" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(
    page.getByRole("region", { name: /^Backups for / }).getByText("No backups match these filters."),
  ).toBeVisible();
  await expectAccessible(page);
  await filters.getByRole("link", { name: "Clear filters" }).click();
  await expect(one).toBeVisible();
  await expect(rows.filter({ hasText: /Daily backup/ })).not.toHaveCount(0);

  await page.goto(`${page.url()}&status=everything`);
  await expect(filters.getByText("Choose a status from the list.")).toBeVisible();
  await expect(rows).toHaveCount(0);
});

test("the restore wizard's Next step shows what the restore replaces", async ({ page }) => {
  await signIn(page, users.admin);
  await page.getByRole("link", { name: "Data of Contoso Sandbox" }).click();
  const sandboxAccounts = (await page.getByTestId("count-accounts").textContent())!;

  await openBackupsFor(page, "Contoso Production");
  const row = backupRows(page)
    .filter({ hasText: /Daily backup/ })
    .first();
  await row.getByRole("gridcell").first().click();
  const backupAccounts = (await details(page)
    .getByRole("table")
    .getByRole("row", { name: /Accounts/ })
    .getByRole("cell")
    .textContent())!;

  await page.getByRole("button", { name: "Restore" }).click();
  const wizard = page.getByRole("dialog", { name: /Restore/ });
  await wizard.getByRole("radio", { name: /Contoso Sandbox/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  const impact = wizard.getByRole("table", { name: "Impact on Contoso Sandbox" });
  await expect(impact.getByRole("columnheader")).toHaveText(["Records", "Contoso Sandbox now", "In the backup"]);
  await expect(impact.getByRole("row", { name: /^Accounts/ }).getByRole("cell")).toHaveText([
    sandboxAccounts,
    backupAccounts,
  ]);
  await expect(impact.getByRole("row", { name: /^Total/ }).getByRole("cell")).toHaveText([/^[\d,]+$/, /^[\d,]+$/]);
  await expect(wizard.getByText("Contoso Sandbox is unavailable until the restore finishes.")).toBeVisible();
  await expectAccessible(page);
  await wizard.getByRole("button", { name: "Back" }).click();
});

test("the picker opens the instance chosen last", async ({ page }) => {
  await signIn(page, users.admin);
  await openBackupsFor(page, "Contoso Training");
  await page.goto("/instances");
  await page.getByRole("link", { name: "Backup & Restore" }).click();
  await expect(page.getByText("Contoso Training ·")).toBeVisible();
});

test("the icons and the web manifest every page links to exist", async ({ page }) => {
  const failed: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await signIn(page, users.admin);
  await openBackupsFor(page, "Contoso Production");
  const linkedUrls = () =>
    page
      .locator('link[rel~="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]')
      .evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
  // The head's links arrive with the page's metadata, which a client-side navigation streams in
  // after the page shows: poll until they are there.
  await expect
    .poll(async () => (await linkedUrls()).map((href) => new URL(href).pathname))
    .toEqual(
      expect.arrayContaining([
        "/manifest.webmanifest",
        expect.stringMatching(/^\/icon\.svg/),
        expect.stringMatching(/^\/apple-icon\.png/),
      ]),
    );
  const linked = await linkedUrls();
  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  const icons = (manifest.icons as { src: string }[]).map((icon) => icon.src);
  for (const url of [...linked, "/favicon.ico", ...icons]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(200);
    expect((await response.body()).length, url).toBeGreaterThan(0);
  }
  expect(failed).toEqual([]);
});
