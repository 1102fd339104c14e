// Single sign-on end to end: the SSO app signs people in through a real OpenID Provider running in
// this test (its own login and consent pages), only as users an admin has added.
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, users } from "./helpers";
import { startIdentityProvider, type Person } from "./identity-provider";
import { openSsoDatabase } from "./sso-database";
import { identityProvider, ssoApp } from "./sso-settings";

test.use({ baseURL: ssoApp.url });
test.describe.configure({ mode: "serial" });

// The provider's accounts; the key is what one types as "login" on its sign-in page.
const people: Record<string, Person> = {
  ada: { sub: "idp-ada", email: users.admin, email_verified: true, name: "Ada at Contoso ID" },
  stranger: { sub: "idp-stranger", email: "stranger@contoso.example", email_verified: true, name: "Stranger" },
  sam: { sub: "idp-sam", email: users.sysadmin, email_verified: true, name: "Sam at Contoso ID" },
  una: { sub: "idp-una", email: users.user, email_verified: false, name: "Una at Contoso ID" },
};

let provider: Awaited<ReturnType<typeof startIdentityProvider>>;
test.beforeAll(async () => {
  provider = await startIdentityProvider(people);
});
test.afterAll(async () => {
  await provider?.stop();
});

/** From the sign-in page through the provider's login and consent pages, back to this app. */
async function signInWithProvider(page: Page, login: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: `Sign in with ${identityProvider.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${identityProvider.issuer}/interaction/`));
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password: the test provider checks none");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("a user an admin added signs in with the provider, by subject once bound, and signs out", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in with Contoso ID" })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expectAccessible(page);

  await signInWithProvider(page, "ada");
  await expect(page).toHaveURL(`${ssoApp.url}/instances`);
  await expect(page.getByTestId("instance-row")).toHaveCount(4);
  await expect(page.getByRole("banner").getByText(users.admin)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finstances/);

  // Bound by subject now: an e-mail changed at the provider neither locks Ada out nor makes her
  // someone else, even when it is another user's.
  people.ada!.email = users.user;
  try {
    // The provider still has Ada's session and consent, so it answers without asking again.
    await page.goto("/signin");
    await page.getByRole("button", { name: `Sign in with ${identityProvider.name}` }).click();
    await expect(page).toHaveURL(`${ssoApp.url}/instances`);
    await expect(page.getByTestId("instance-row")).toHaveCount(4);
    await expect(page.getByRole("banner").getByText(users.admin)).toBeVisible();
  } finally {
    people.ada!.email = users.admin;
  }
});

test("a person no admin has added is refused, and nothing signs in", async ({ page }) => {
  await signInWithProvider(page, "stranger");
  await expect(page).toHaveURL(/\/signin\/error\?error=SsoUnknown/);
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  await expect(
    page.getByText("No Backup Center user has the e-mail address of your Contoso ID account."),
  ).toBeVisible();
  await expectAccessible(page);
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/signin/);
});

test("a disabled user is refused", async ({ page }) => {
  const db = openSsoDatabase();
  try {
    await db.user.update({ where: { email: users.sysadmin }, data: { disabledAt: new Date() } });
    await signInWithProvider(page, "sam");
    await expect(page).toHaveURL(/\/signin\/error\?error=SsoDisabled/);
    await expect(page.getByRole("heading", { name: "Your user is disabled" })).toBeVisible();
    await page.goto("/instances");
    await expect(page).toHaveURL(/\/signin/);
  } finally {
    await db.user.update({ where: { email: users.sysadmin }, data: { disabledAt: null } });
    await db.$disconnect();
  }
});

test("an e-mail the provider has not verified is refused", async ({ page }) => {
  await signInWithProvider(page, "una");
  await expect(page).toHaveURL(/\/signin\/error\?error=SsoUnverified/);
  await expect(page.getByRole("heading", { name: "Your e-mail address isn't verified" })).toBeVisible();
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/signin/);
});
