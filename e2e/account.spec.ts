// The account page, for every signed-in user: changing one's own password (then signing in with
// the new one) and signing out of all sessions (another browser's session ends too). Runs on the
// SSO app, whose demo accounts no other spec signs in with, so the changed password disturbs nobody.
import { expect, test, type Page } from "@playwright/test";
import { demoPassword, expectAccessible, signIn, users } from "./helpers";
import { ssoApp } from "./sso-settings";

test.use({ baseURL: ssoApp.url });

const newPassword = "a new passphrase for the account spec";

async function fillPasswords(page: Page, current: string, next: string) {
  await page.getByLabel("Current password", { exact: true }).fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Confirm new password", { exact: true }).fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
}

test("a user without an admin role changes their password, then signs in with the new one", async ({ page }) => {
  await signIn(page, users.user);
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  await page.getByRole("link", { name: "Account", exact: true }).click();
  await expect(page).toHaveURL(`${ssoApp.url}/account`);
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await expectAccessible(page);

  // The one strength rule, before anything is sent.
  await fillPasswords(page, demoPassword, "short");
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  // A wrong current password: refused on its field, still signed in.
  await fillPasswords(page, "not the current password", newPassword);
  await expect(page.getByText("The current password is incorrect.")).toBeVisible();
  await expect(page.getByLabel("Current password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await fillPasswords(page, demoPassword, newPassword);
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.getByRole("status")).toHaveText(
    "Your password was changed and every session signed out. Sign in with your new password.",
  );
  await expectAccessible(page);

  await signIn(page, users.user, demoPassword);
  await expect(page.getByText("The email or password is incorrect.")).toBeVisible();
  await signIn(page, users.user, newPassword);
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
});

test("signing out of all sessions ends another browser's session too", async ({ page, browser }) => {
  const other = await browser.newContext({ baseURL: ssoApp.url });
  try {
    const otherPage = await other.newPage();
    await signIn(otherPage, users.partner);
    await expect(otherPage.getByTestId("instance-row")).toHaveCount(2);

    await signIn(page, users.partner);
    await expect(page.getByTestId("instance-row")).toHaveCount(2);
    await page.getByRole("link", { name: "Account", exact: true }).click();
    await page.getByRole("button", { name: "Sign out of all sessions" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign out of all sessions" });
    await expect(dialog).toBeVisible();
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/signin\?/);
    await expect(page.getByRole("status")).toHaveText(
      "You were signed out of every session. Sign in again to continue.",
    );

    // The other browser still holds its cookie; its live stream finds the session ended within a
    // second and sends it to sign in without a click, and any later request is refused too.
    await expect(otherPage).toHaveURL(/\/signin/);
    await otherPage.goto("/instances");
    await expect(otherPage).toHaveURL(/\/signin\?callbackUrl=%2Finstances/);
  } finally {
    await other.close();
  }
});
