// The Alerts page's actions as a Global admin calls them: which webhook addresses and recipients
// are accepted, the signing secret's life (made on the server, kept while the address stays,
// replaced when it changes or is rotated, forgotten when the webhook is removed), and Send test
// delivering to a real listener at once. Who may call them is the authorization matrix's part.
import type { Tenant } from "@prisma/client";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { rotateWebhookSecretAction, saveAlertSettingsAction, sendTestAlertAction } from "@/app/(admin)/alerts/actions";
import type { Actor } from "@/lib/auth/policy";
import { deliverDueAlerts } from "@/lib/alerts/run-alert-sender";
import { prisma } from "@/lib/db";
import { expectRefused } from "./support/action-checks";
import { startWebhookListener } from "./support/alert-receivers";
import { createTenant } from "./support/fixtures";
import { nextCacheMock, resetSession, signInAs } from "./support/session";
import { createMember } from "./support/user-estate";

vi.mock("next/headers", async () => (await import("./support/session")).nextHeadersMock);
vi.mock("next/cache", async () => (await import("./support/session")).nextCacheMock);
// A background sender's pass, run just before Send test makes its own attempt.
let beforeAttempt: (() => Promise<number>) | undefined;
const takenBeforeAttempt: number[] = [];
vi.mock("@/lib/alerts/deliver-alert", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/alerts/deliver-alert")>();
  return {
    deliverAlert: async (...args: Parameters<typeof original.deliverAlert>) => {
      if (beforeAttempt) takenBeforeAttempt.push(await beforeAttempt());
      return original.deliverAlert(...args);
    },
  };
});

let counter = 0;
let tenant: Tenant;
let admin: Actor;
let listener: Awaited<ReturnType<typeof startWebhookListener>> | undefined;

beforeEach(async () => {
  tenant = await createTenant(`Alert settings ${++counter}`);
  admin = await createMember(tenant, "Admin", [{ role: "GlobalAdmin", tenantId: tenant.id }]);
  resetSession();
  await signInAs(admin);
});

afterEach(async () => {
  beforeAttempt = undefined;
  await listener?.stop();
  listener = undefined;
});

const save = (input: { webhookUrl?: string; recipients?: string; events?: string[] }) =>
  saveAlertSettingsAction({
    tenantId: tenant.id,
    webhookUrl: input.webhookUrl ?? "",
    recipients: input.recipients ?? "",
    events: (input.events ?? []) as never,
  });

const settingsRow = () => prisma.alertSettings.findUnique({ where: { tenantId: tenant.id } });

describe("webhook address and recipients", () => {
  test.each([
    "http://hooks.example.test/alerts",
    "ftp://hooks.example.test/alerts",
    "not a url",
    "http://10.0.0.5/alerts",
  ])("refuses %s", async (webhookUrl) => {
    await expectRefused(() => save({ webhookUrl }), {
      code: "VALIDATION",
      error: "Check the highlighted fields.",
      fieldErrors: { webhookUrl: ["Enter an https:// address (http:// only to localhost or 127.0.0.1)."] },
      audit: { actor: admin, action: "alerts.save", instanceId: null, detail: "Invalid input: webhookUrl." },
    });
  });

  test.each(["https://hooks.example.test/alerts", "http://127.0.0.1:8080/hook", "http://localhost/hook"])(
    "accepts %s",
    async (webhookUrl) => {
      expect(await save({ webhookUrl })).toMatchObject({ ok: true });
      expect(await settingsRow()).toMatchObject({ webhookUrl });
    },
  );

  test("recipients are trimmed, lower-cased and kept once; a wrong address is refused by field", async () => {
    expect(await save({ recipients: " Ops@Contoso.test,\noncall@contoso.test ; ops@contoso.test " })).toMatchObject({
      ok: true,
    });
    expect(JSON.parse((await settingsRow())!.emailRecipients)).toEqual(["ops@contoso.test", "oncall@contoso.test"]);
    const refused = await save({ recipients: "ops@contoso.test, not-an-address" });
    expect(refused).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(refused.ok === false && refused.fieldErrors?.recipients).toBeTruthy();
  });
});

describe("the signing secret", () => {
  test("is made when the webhook is set, kept while the address stays, and replaced when it changes", async () => {
    const first = await save({ webhookUrl: "https://hooks.example.test/a", events: ["backup.failed"] });
    expect(first.ok && first.data.newWebhookSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const secret = (await settingsRow())!.webhookSecret;
    expect(first.ok && first.data.newWebhookSecret).toBe(secret);

    // Saving other settings answers no secret and keeps the one the receiver has.
    const again = await save({ webhookUrl: "https://hooks.example.test/a", events: ["restore.failed"] });
    expect(again).toEqual({ ok: true, data: { newWebhookSecret: null } });
    expect((await settingsRow())!.webhookSecret).toBe(secret);

    const moved = await save({ webhookUrl: "https://hooks.example.test/b" });
    expect(moved.ok && moved.data.newWebhookSecret).not.toBe(secret);
    expect((await settingsRow())!.webhookSecret).toBe(moved.ok && moved.data.newWebhookSecret);
  });

  test("rotates on request, and is forgotten with the webhook", async () => {
    await save({ webhookUrl: "https://hooks.example.test/a" });
    const before = (await settingsRow())!.webhookSecret;
    const rotated = await rotateWebhookSecretAction({ tenantId: tenant.id });
    expect(rotated.ok && rotated.data.secret).toMatch(/^whsec_/);
    expect((await settingsRow())!.webhookSecret).toBe(rotated.ok && rotated.data.secret);
    expect((await settingsRow())!.webhookSecret).not.toBe(before);

    await save({ webhookUrl: "" });
    expect(await settingsRow()).toMatchObject({ webhookUrl: null, webhookSecret: null });
    nextCacheMock.revalidatePath.mockClear();
    await expectRefused(() => rotateWebhookSecretAction({ tenantId: tenant.id }), {
      code: "VALIDATION",
      error: "Set a webhook first.",
      audit: { actor: admin, action: "alerts.rotateSecret", instanceId: null, tenantId: tenant.id },
    });
  });
});

describe("Send test", () => {
  test("delivers a test event to the webhook now and answers what it replied", async () => {
    listener = await startWebhookListener([202]);
    // Subscribed to nothing: a test goes out regardless.
    await save({ webhookUrl: listener.url });
    const result = await sendTestAlertAction({ tenantId: tenant.id });
    expect(result).toEqual({
      ok: true,
      data: [{ channel: "Webhook", status: "Delivered", statusCode: 202, error: null }],
    });
    expect(listener.requests).toHaveLength(1);
    expect(JSON.parse(listener.requests[0]!.body)).toMatchObject({
      type: "test",
      tenant: { id: tenant.id, name: tenant.name },
      instance: null,
      message: `A test alert sent by ${admin.name} from the Alerts page.`,
    });
    expect(await prisma.alertDelivery.findMany({ where: { tenantId: tenant.id } })).toEqual([
      expect.objectContaining({ eventType: "test", status: "Delivered", attempts: 1, lastStatusCode: 202 }),
    ]);
  });

  test("between its commit and its first attempt, the worker's sender cannot take the test", async () => {
    listener = await startWebhookListener([200]);
    await save({ webhookUrl: listener.url });
    beforeAttempt = () => deliverDueAlerts({ owner: "worker's sender" });
    const result = await sendTestAlertAction({ tenantId: tenant.id });
    expect(takenBeforeAttempt).toEqual([0]);
    expect(result).toMatchObject({ ok: true, data: [{ channel: "Webhook", status: "Delivered", statusCode: 200 }] });
    expect(listener.requests).toHaveLength(1);
  });

  test("with no channel configured it is refused and nothing is queued", async () => {
    await expectRefused(() => sendTestAlertAction({ tenantId: tenant.id }), {
      code: "VALIDATION",
      error: "Set a webhook or e-mail recipients first, and save.",
      audit: { actor: admin, action: "alerts.sendTest", instanceId: null, tenantId: tenant.id },
    });
  });
});
