import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { testS3Client } from "../tests/support/s3-buckets";
import { e2eS3 } from "./s3-settings";

export const demoPassword = "BackupCenter!1";

export const users = {
  admin: "admin@contoso.example",
  sysadmin: "sysadmin@contoso.example",
  partner: "partner@northwind.example",
  northwindAdmin: "admin@northwind.example",
  user: "user@contoso.example",
} as const;

export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Signed in, the form loads the next page in full; otherwise it says why. Wait for either, so a
  // caller's first look at the next page never lands while its HTML is still streaming in (a
  // locator once matched a row twice then).
  const settled = (waiting: Promise<unknown>) => waiting.catch(() => undefined); // the loser outlives the race
  await Promise.race([
    settled(page.waitForURL((url) => url.pathname !== "/signin", { waitUntil: "load" })),
    settled(page.getByRole("alert").filter({ hasText: /\S/ }).waitFor()),
  ]);
}

/**
 * Reloads the page and waits until every streamed part of it is shown. Until React reveals a
 * streamed Suspense boundary, its content waits in a hidden div (id "S:n") beside what is on
 * screen, and a locator by test id would find the rows twice.
 */
export async function reload(page: Page) {
  await page.reload();
  await page.waitForFunction(() => !document.querySelector('div[hidden][id^="S:"]'));
}

/** Fails on any serious or critical accessibility violation of the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** Opens the Backup & Restore tab from the nav and picks `instanceName` in "Backups for". */
export async function openBackupsFor(page: Page, instanceName: string) {
  await page.getByRole("link", { name: "Backup & Restore" }).click();
  await page.getByLabel("Backups for", { exact: true }).selectOption({ label: instanceName });
  await expect(page.getByText(`${instanceName} ·`)).toBeVisible();
}

/**
 * The backup list's rows. Role queries skip hidden elements: a reload or refresh can briefly keep
 * a hidden copy of the page in the DOM, which a test id alone would count twice.
 */
export const backupRows = (page: Page) => page.getByRole("row").and(page.getByTestId("backup-row"));

/** Takes an on-demand backup of the instance on screen, waits for it to succeed and selects it; returns its row. */
export async function takeBackup(page: Page, label: string) {
  await page.getByRole("button", { name: "New backup" }).click();
  const dialog = page.getByRole("dialog", { name: "New backup" });
  await dialog.getByLabel("Label").fill(label);
  await dialog.getByRole("button", { name: "Create" }).click();
  const row = backupRows(page).filter({ hasText: label });
  await expect(row.getByTestId("backup-status")).toHaveText("Succeeded", { timeout: 30_000 });
  await row.getByRole("link").click();
  return row;
}

// The app under test stores backups under its data dir, or in the bucket of the PostgreSQL + S3
// run (see playwright.config.ts).
const backupDir = join(process.env.E2E_DATA_DIR ?? "./data/e2e", "backups");
const onS3 = process.env.E2E_DATABASE === "postgresql";

const flipMiddleByte = (bytes: Buffer) => {
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
  return bytes;
};
const isFileOf = (backupId: string, key: string) => key.includes(`/${backupId}-`) && key.endsWith(".ndjson.gz");

/** Flips one byte in the middle of a backup's stored file, as a failing disk or store would. */
export async function damageBackupFile(backupId: string): Promise<void> {
  if (onS3) return damageStoredObject(backupId);
  const file = readdirSync(backupDir, { recursive: true, encoding: "utf8" }).find((name) => isFileOf(backupId, name));
  expect(file, `the stored file of backup ${backupId}`).toBeTruthy();
  const path = join(backupDir, file!);
  writeFileSync(path, flipMiddleByte(readFileSync(path)));
}

async function damageStoredObject(backupId: string): Promise<void> {
  Object.assign(process.env, e2eS3.env);
  const client = testS3Client();
  try {
    const Bucket = e2eS3.bucket;
    const listing = await client.send(new ListObjectsV2Command({ Bucket, Prefix: `${e2eS3.prefix}/` }));
    const Key = listing.Contents?.map((object) => object.Key!).find((key) => isFileOf(backupId, key));
    expect(Key, `the stored object of backup ${backupId}`).toBeTruthy();
    const stored = await client.send(new GetObjectCommand({ Bucket, Key }));
    const bytes = Buffer.from(await stored.Body!.transformToByteArray());
    await client.send(new PutObjectCommand({ Bucket, Key, Body: flipMiddleByte(bytes) }));
  } finally {
    client.destroy();
  }
}
