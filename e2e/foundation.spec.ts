import { expect, test } from "@playwright/test";
import { expectAccessible, signIn, users } from "./helpers";

const visibleInstances = {
  admin: ["Contoso Legacy", "Contoso Production", "Contoso Sandbox", "Contoso Training"],
  sysadmin: ["Contoso Production", "Contoso Sandbox"],
  partner: ["Fabrikam Production", "Fabrikam Sandbox"],
} as const;

test("a signed-out visit is sent to sign-in, which passes an accessibility check", async ({ page }) => {
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finstances/);
  await expect(page.getByRole("heading", { name: "Sign in to Backup Center" })).toBeVisible();
  await expectAccessible(page);
});

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  await signIn(page, users.admin, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("The email or password is incorrect.");
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/signin/);
});

for (const [who, names] of Object.entries(visibleInstances)) {
  test(`${who} sees exactly the instances they manage`, async ({ page }) => {
    await signIn(page, users[who as keyof typeof visibleInstances]);
    await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
    const rows = page.getByTestId("instance-row");
    await expect(rows).toHaveCount(names.length);
    const shown = await rows.locator("th").evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent?.trim()));
    expect(shown.sort()).toEqual([...names]);
    await expectAccessible(page);
  });
}

test("a user without an admin role gets the no-access page with a 403", async ({ page }) => {
  await signIn(page, users.user);
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
  await expect(page.getByText("System Administrator of the instance")).toBeVisible();
  const response = await page.request.get("/instances");
  expect(response.status()).toBe(403);
  await expectAccessible(page);
});

test("signing out ends the session, and the old cookie no longer works", async ({ page, context }) => {
  await signIn(page, users.sysadmin);
  await expect(page.getByTestId("instance-row")).toHaveCount(2);
  const stolen = (await context.cookies()).find((c) => c.name === "backup-center.session");
  expect(stolen).toBeDefined();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  // Replaying the pre-sign-out cookie must not work: the session version was bumped.
  await context.addCookies([stolen!]);
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/signin/);
});

test("responses carry the security headers", async ({ request }) => {
  const response = await request.get("/signin");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("a server action called from another origin is refused with a plain 403", async ({ request, baseURL }) => {
  // The proxy refuses it before Next.js resolves the action, so any action id shows it.
  const call = (origin: string) =>
    request.post("/backups", {
      headers: { "Next-Action": "7f".repeat(21), Origin: origin, "Content-Type": "text/plain;charset=UTF-8" },
      data: JSON.stringify([{ instanceId: "x", label: "Forged", notes: "" }]),
    });
  const crossSite = await call("https://evil.example");
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toBe("Cross-origin request refused.\n");
  // The same call from the app's own origin reaches Next.js (which knows no such action).
  expect((await call(new URL(baseURL!).origin)).status()).not.toBe(403);
  // Navigation is untouched, whatever the Origin.
  expect((await request.get("/signin", { headers: { Origin: "https://evil.example" } })).status()).toBe(200);
});

test("an unknown address answers 404 with a way back", async ({ page }) => {
  await signIn(page, users.admin);
  await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to Instances" }).click();
  await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
  await expectAccessible(page);
});
