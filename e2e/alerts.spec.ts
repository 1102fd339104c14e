import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startWebhookListener } from "../tests/support/alert-receivers";
import { expectAccessible, reload, signIn, users } from "./helpers";

let listener: Awaited<ReturnType<typeof startWebhookListener>>;

test.beforeAll(async () => {
  listener = await startWebhookListener();
});

test.afterAll(async () => {
  await listener.stop();
});

test("a global admin sets a webhook, sends a test and sees it delivered in the log", async ({ page }) => {
  await signIn(page, users.admin);
  await page.getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
  await expect(page.getByText("No alerts have been sent for Contoso yet.")).toBeVisible();
  await expect(page.getByRole("group", { name: "Send alerts for" }).getByRole("checkbox")).toHaveCount(6);
  await expectAccessible(page);

  await page.getByLabel("Webhook URL").fill(listener.url);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Alert settings saved." })).toBeVisible();
  // The secret is shown once, to copy into the receiver.
  const secret = await page.getByLabel("Webhook signing secret").inputValue();
  expect(secret).toMatch(/^whsec_/);

  await page.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByRole("list", { name: "Test results" })).toHaveText("Webhook: delivered (200).");
  expect(listener.requests).toHaveLength(1);
  const [request] = listener.requests;
  const timestamp = request!.headers["x-backupcenter-timestamp"] as string;
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${request!.body}`).digest("hex")}`;
  expect(request!.headers["x-backupcenter-signature"]).toBe(expected);
  expect(JSON.parse(request!.body)).toMatchObject({ type: "test", tenant: { name: "Contoso" } });

  const row = page.getByTestId("delivery-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Test alert");
  await expect(row).toContainText("Webhook");
  await expect(row).toContainText("Delivered");
  await expect(row).toContainText("200");
  await expectAccessible(page);

  // After a reload the secret is gone from the page; only Rotate secret remains.
  await reload(page);
  await expect(page.getByLabel("Webhook signing secret")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Rotate secret" })).toBeVisible();
  await expect(page.getByLabel("Webhook URL")).toHaveValue(listener.url);
});

test("a System Administrator has no Alerts link and gets the no-access page", async ({ page }) => {
  await signIn(page, users.sysadmin);
  await expect(page.getByTestId("instance-row")).toHaveCount(2);
  await expect(page.getByRole("link", { name: "Alerts" })).toHaveCount(0);
  // Streamed behind the admin area's loading state, so the refusal is the no-access page itself.
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
});
