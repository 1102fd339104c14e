import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible, reload, signIn, users } from "./helpers";

// Contoso's admin adds people of their own; the demo accounts' roles stay as they were for the
// other specs.

/** axe on the page once earlier toasts are gone: one fading out has too little contrast to pass. */
async function expectAccessibleAfterToasts(page: Page) {
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 10_000 });
  await expectAccessible(page);
}

/** A second browser, for the user the admin manages: its own cookies, its own session. */
async function otherBrowser(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

test("a global admin adds a System Administrator, who sees exactly that instance until the role is removed", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, users.admin);
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
  await expect(page.getByTestId("user-row").filter({ hasText: "Avery Admin" })).toContainText("Global admin");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Add user" }).click();
  const add = page.getByRole("dialog", { name: "Add user" });
  await add.getByLabel("Name").fill("Casey Colleague");
  await add.getByLabel("E-mail").fill("Casey.Colleague@Contoso.example");
  await add.getByLabel("Initial password", { exact: true }).fill("too short");
  await add.getByRole("button", { name: "Add" }).click();
  await expect(add.getByLabel("Initial password", { exact: true })).toHaveAccessibleDescription(
    /Use at least 12 characters\./,
  );
  await expectAccessible(page);
  await add.getByLabel("Initial password", { exact: true }).fill("casey's long password");
  await add.getByRole("button", { name: "Add" }).click();
  await expect(add).toBeHidden();
  const row = page.getByTestId("user-row").filter({ hasText: "casey.colleague@contoso.example" });
  await expect(row.getByTestId("user-roles")).toHaveText("No role");
  await expect(row.getByTestId("user-status")).toHaveText("Active");

  await row.getByRole("button", { name: "Roles of Casey Colleague" }).click();
  const roles = page.getByRole("dialog", { name: "Roles of Casey Colleague" });
  await roles.getByLabel("Contoso Sandbox").check();
  await expectAccessibleAfterToasts(page);
  await roles.getByRole("button", { name: "Save" }).click();
  await expect(roles).toBeHidden();
  await expect(row.getByTestId("user-roles")).toHaveText("System Administrator of Contoso Sandbox");

  // Casey signs in elsewhere and sees exactly that instance, and no Users page.
  const casey = await otherBrowser(browser, baseURL);
  await signIn(casey.page, "casey.colleague@contoso.example", "casey's long password");
  const instanceRows = casey.page.getByTestId("instance-row");
  await expect(instanceRows).toHaveCount(1);
  await expect(instanceRows.locator("th")).toContainText("Contoso Sandbox");
  await expect(casey.page.getByRole("link", { name: "Users" })).toHaveCount(0);

  // The admin takes the role away; Casey's open session loses access at once.
  await expectAccessibleAfterToasts(page);
  await row.getByRole("button", { name: "Roles of Casey Colleague" }).click();
  await roles.getByLabel("Contoso Sandbox").uncheck();
  await roles.getByRole("button", { name: "Save" }).click();
  await expect(roles).toBeHidden();
  await expect(row.getByTestId("user-roles")).toHaveText("No role");

  // Her open page's live stream finds the session ended and sends her to sign in, unclicked.
  await expect(casey.page).toHaveURL(/\/signin/);
  // Signed in again, Casey holds no role: the no-access page.
  await signIn(casey.page, "casey.colleague@contoso.example", "casey's long password");
  await expect(casey.page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  await casey.context.close();
});

test("a set-password link is shown once, sets the password and signs the user in; then it is spent", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, users.admin);
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByRole("button", { name: "Add user" }).click();
  const add = page.getByRole("dialog", { name: "Add user" });
  await add.getByLabel("Name").fill("Lee Linked");
  await add.getByLabel("E-mail").fill("lee.linked@contoso.example");
  await add.getByLabel("Send a one-time set-password link").check();
  await add.getByRole("button", { name: "Add" }).click();
  const added = page.getByRole("dialog", { name: "User added" });
  const link = await added.getByLabel("Set-password link for Lee Linked").inputValue();
  expect(link).toMatch(/\/set-password\/[\w-]{43}$/);
  await expectAccessible(page);
  await added.getByRole("button", { name: "Done" }).click();
  const row = page.getByTestId("user-row").filter({ hasText: "lee.linked@contoso.example" });
  await expect(row.getByTestId("user-status")).toHaveText("Invited");

  const lee = await otherBrowser(browser, baseURL);
  await lee.page.goto(link);
  await expect(lee.page.getByRole("heading", { name: "Set your password" })).toBeVisible();
  await expectAccessible(lee.page);
  await lee.page.getByLabel("New password", { exact: true }).fill("lee's own password");
  await lee.page.getByLabel("Confirm password").fill("lee's own password");
  await lee.page.getByRole("button", { name: "Set password and sign in" }).click();
  // Signed in, without a role yet.
  await expect(lee.page.getByRole("heading", { name: "You don't have access" })).toBeVisible();

  await lee.page.goto(link);
  await expect(lee.page.getByText(/This link has expired or was already used/)).toBeVisible();
  await lee.context.close();
  await reload(page);
  await expect(row.getByTestId("user-status")).toHaveText("Active");
});

test("only Global admins get the Users page", async ({ page }) => {
  await signIn(page, users.sysadmin);
  await expect(page.getByTestId("instance-row")).toHaveCount(2);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  // The page is streamed behind the admin area's loading state, so the refusal is its no-access
  // page rather than a 403 status.
  await page.goto("/users");
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  await expect(page.getByTestId("user-row")).toHaveCount(0);
});

test("a customer grants a partner Delegated Admin, the partner's admin picks a holder, and revoking ends it", async ({
  page,
  browser,
  baseURL,
}) => {
  // Northwind's admin reads their organisation ID from their own Users page.
  const northwind = await otherBrowser(browser, baseURL);
  await signIn(northwind.page, users.northwindAdmin);
  await northwind.page.getByRole("link", { name: "Users" }).click();
  const organisationId = (await northwind.page.getByTestId("organisation-id").textContent())!.trim();

  await signIn(page, users.admin);
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByRole("button", { name: "Grant Delegated Admin" }).click();
  const grant = page.getByRole("dialog", { name: "Grant Delegated Admin" });
  await grant.getByLabel("Partner's organisation ID").fill("Northwind");
  await grant.getByRole("button", { name: "Grant" }).click();
  await expect(grant.getByLabel("Partner's organisation ID")).toHaveAccessibleDescription(
    /No organisation has this ID/,
  );
  await expectAccessible(page);
  await grant.getByLabel("Partner's organisation ID").fill(organisationId);
  await grant.getByRole("button", { name: "Grant" }).click();
  await expect(grant).toBeHidden();
  const partnerRow = page.getByTestId("partner-row").filter({ hasText: "Northwind" });
  await expect(partnerRow).toContainText("0 of their users");

  // On Northwind's side: Contoso is listed; its admin makes Parker Partner a holder.
  await reload(northwind.page);
  const customerRow = northwind.page.getByTestId("customer-row").filter({ hasText: "Contoso" });
  await expect(customerRow).toContainText("Nobody yet");
  await customerRow.getByRole("button", { name: "Holders of Delegated Admin of Contoso" }).click();
  const holders = northwind.page.getByRole("dialog", { name: "Delegated Admin of Contoso" });
  await holders.getByLabel(/Parker Partner/).check();
  await expectAccessible(northwind.page);
  await holders.getByRole("button", { name: "Save" }).click();
  await expect(holders).toBeHidden();
  await expect(customerRow).toContainText("Parker Partner");

  const partner = await otherBrowser(browser, baseURL);
  await signIn(partner.page, users.partner);
  await expect(partner.page.getByTestId("instance-row")).toHaveCount(6);

  // Contoso revokes: Parker's open page is sent to sign in by its live stream; signed in again, only Fabrikam's remain.
  await reload(page);
  await partnerRow.getByRole("button", { name: "Revoke Northwind" }).click();
  await page.getByRole("dialog", { name: "Revoke Northwind" }).getByRole("button", { name: "Revoke" }).click();
  await expect(partnerRow).toHaveCount(0);
  await expect(partner.page).toHaveURL(/\/signin/);
  await signIn(partner.page, users.partner);
  await expect(partner.page.getByTestId("instance-row")).toHaveCount(2);
  await partner.context.close();
  await northwind.context.close();
});
