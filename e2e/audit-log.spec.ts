import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible, openBackupsFor, reload, signIn, users } from "./helpers";

test("an admin finds their action in the Audit log, filters by it and exports it as CSV", async ({ page }) => {
  await signIn(page, users.admin);
  await openBackupsFor(page, "Contoso Training");
  await page.getByRole("button", { name: "New backup" }).click();
  const dialog = page.getByRole("dialog", { name: "New backup" });
  await dialog.getByLabel("Label").fill("Audited in the e2e suite");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText('Backup "Audited in the e2e suite" is being created.')).toBeVisible();

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  // The toasts fade out across pages; axe would catch them mid-fade.
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 30_000 });
  await expectAccessible(page);
  const filters = page.getByRole("form", { name: "Filter the audit log" });
  await filters.getByLabel("Instance").selectOption({ label: "Contoso Training" });
  await filters.getByLabel("Action").selectOption({ label: "Create backup" });
  await filters.getByLabel("Outcome").selectOption({ label: "Accepted" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/audit\?instance=\w+&.*action=backup\.create&outcome=accepted/);

  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(users.admin);
  await expect(rows.first()).toContainText("Create backup");
  await expect(rows.first()).toContainText("Accepted");
  await expect(rows.first()).toContainText("Contoso Training · Audited in the e2e suite");
  await expectAccessible(page);

  // The filters survive a reload: they are in the URL.
  await reload(page);
  await expect(rows).toHaveCount(1);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe('"Time (UTC)","Actor","Action","Outcome","Tenant","Instance","Backup","Detail"');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(
    new RegExp(
      `^"[0-9T:.-]+Z","${users.admin}","backup\\.create","accepted","","Contoso Training","Audited in the e2e suite",`,
    ),
  );
});

test("a System Administrator sees only their instances, and a bad date range is explained", async ({ page }) => {
  await signIn(page, users.sysadmin);
  await page.getByRole("link", { name: "Audit log" }).click();
  const instance = page.getByRole("form", { name: "Filter the audit log" }).getByLabel("Instance");
  await expect(instance.locator("option")).toHaveText(["All instances", "Contoso Production", "Contoso Sandbox"]);
  const seen = await page.getByTestId("audit-row").locator("td:nth-child(5)").allTextContents();
  expect(seen.length).toBeGreaterThan(0);
  for (const on of seen) expect(on).toMatch(/^Contoso (Production|Sandbox)( · .*)?$/);

  await page.goto("/audit?from=2026-12-03&to=2026-12-02");
  await expect(page.getByRole("alert").filter({ hasText: "Check the filters." })).toBeVisible();
  await expect(page.getByLabel("To (UTC)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("From must be on or before To.")).toBeVisible();
  await expect(page.getByTestId("audit-row")).toHaveCount(0);
  await expectAccessible(page);
});
