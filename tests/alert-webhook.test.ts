// Integration: alert webhooks delivered to a real HTTP listener on 127.0.0.1 — the payload and its
// signature, retries with back-off (time injected), giving up after the last attempt, and two
// senders racing for one delivery.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Instance } from "@prisma/client";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { queueAlert, type AlertEvent } from "@/lib/alerts/queue-alert";
import { maxDeliveryAttempts, retryDelaysMs } from "@/lib/alerts/alert-retry-schedule";
import { deliverDueAlerts } from "@/lib/alerts/run-alert-sender";
import { prisma } from "@/lib/db";
import { startWebhookListener } from "./support/alert-receivers";
import { configureAlerts, webhookSecret } from "./support/alert-settings";
import { createInstance, createTenant } from "./support/fixtures";

let counter = 0;
let instance: Instance;
let listener: Awaited<ReturnType<typeof startWebhookListener>> | undefined;
const t0 = new Date("2026-12-03T09:00:00.000Z");
const at = (ms: number) => () => new Date(t0.getTime() + ms);

beforeEach(async () => {
  const tenant = await createTenant(`Webhook tenant ${++counter}`);
  instance = await createInstance(tenant.id, { name: `Webhook instance ${counter}` });
});

afterEach(async () => {
  await listener?.stop();
  listener = undefined;
});

async function listen(statuses?: number[]) {
  listener = await startWebhookListener(statuses);
  await configureAlerts(instance.tenantId, { webhookUrl: listener.url });
  return listener;
}

function queue(event: Partial<AlertEvent> = {}) {
  return prisma.$transaction((tx) =>
    queueAlert(tx, {
      type: "backup.failed",
      message: "The snapshot could not be written.",
      occurredAt: t0,
      subject: { instanceId: instance.id },
      ...event,
    }),
  );
}

/** How a receiver checks a delivery, as the README shows it. */
function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
  return expected.length === header.length && timingSafeEqual(Buffer.from(expected), Buffer.from(header));
}

describe("webhook delivery", () => {
  test("posts the event as JSON with its id, timestamp and a signature the receiver can verify", async () => {
    const { requests } = await listen();
    const backup = await prisma.backup.create({
      data: {
        instanceId: instance.id,
        kind: "OnDemand",
        label: "Before go-live",
        expiresAt: t0,
        instanceVersion: "9.2.24",
      },
    });
    const [delivery] = await queue({ backupId: backup.id });

    expect(await deliverDueAlerts({ owner: "sender", clock: at(1500) })).toBe(1);

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.method).toBe("POST");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["x-backupcenter-event-id"]).toBe(delivery!.eventId);
    const timestamp = request!.headers["x-backupcenter-timestamp"] as string;
    expect(timestamp).toBe(String(Math.floor(t0.getTime() / 1000) + 1));
    expect(
      verifySignature(webhookSecret, timestamp, request!.body, request!.headers["x-backupcenter-signature"] as string),
    ).toBe(true);
    expect(
      verifySignature(
        "another secret",
        timestamp,
        request!.body,
        request!.headers["x-backupcenter-signature"] as string,
      ),
    ).toBe(false);
    expect(JSON.parse(request!.body)).toEqual({
      id: delivery!.eventId,
      type: "backup.failed",
      occurredAt: t0.toISOString(),
      tenant: { id: instance.tenantId, name: `Webhook tenant ${counter}` },
      instance: { id: instance.id, name: instance.name },
      backup: { id: backup.id, label: "Before go-live" },
      operation: null,
      message: "The snapshot could not be written.",
    });
    expect(await prisma.alertDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
      status: "Delivered",
      attempts: 1,
      lastStatusCode: 200,
      lastResponse: "thanks",
      lastError: null,
      deliveredAt: at(1500)(),
    });
  });

  test("a 500 is retried after the back-off, and the next 2xx delivers it", async () => {
    const { requests } = await listen([500, 204]);
    const [delivery] = await queue();

    await deliverDueAlerts({ owner: "sender", clock: at(0) });
    expect(await prisma.alertDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
      status: "Pending",
      attempts: 1,
      lastStatusCode: 500,
      lastResponse: "try later",
      lastError: "The webhook answered HTTP 500.",
      nextAttemptAt: at(retryDelaysMs[0])(),
    });
    // Not due yet: nothing is sent a moment early.
    expect(await deliverDueAlerts({ owner: "sender", clock: at(retryDelaysMs[0] - 1) })).toBe(0);
    expect(requests).toHaveLength(1);

    expect(await deliverDueAlerts({ owner: "sender", clock: at(retryDelaysMs[0]) })).toBe(1);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.headers["x-backupcenter-event-id"]).toBe(delivery!.eventId);
    expect(await prisma.alertDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).toMatchObject({
      status: "Delivered",
      attempts: 2,
      lastStatusCode: 204,
      lastError: null,
    });
  });

  test("waits 30 s, 2 min, 10 min and 1 h between attempts, then gives up as Failed", async () => {
    const { requests } = await listen([500]);
    const [delivery] = await queue();
    let now = 0;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt++) {
      expect(await deliverDueAlerts({ owner: "sender", clock: at(now) })).toBe(1);
      const row = await prisma.alertDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
      expect(row.attempts).toBe(attempt);
      if (attempt < maxDeliveryAttempts) {
        expect(row.status).toBe("Pending");
        waits.push(row.nextAttemptAt.getTime() - (t0.getTime() + now));
        now = row.nextAttemptAt.getTime() - t0.getTime();
      } else {
        expect(row).toMatchObject({
          status: "Failed",
          lastStatusCode: 500,
          lastError: "The webhook answered HTTP 500.",
        });
      }
    }
    expect(waits).toEqual([30_000, 120_000, 600_000, 3_600_000]);
    expect(await deliverDueAlerts({ owner: "sender", clock: at(now + 24 * 3_600_000) })).toBe(0);
    expect(requests).toHaveLength(maxDeliveryAttempts);
  });

  test("an unreachable webhook is a failed attempt with the reason, retried later", async () => {
    const { url } = await listen();
    await listener!.stop();
    listener = undefined;
    const [delivery] = await queue();
    await deliverDueAlerts({ owner: "sender", clock: at(0) });
    const row = await prisma.alertDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(row).toMatchObject({ status: "Pending", attempts: 1, lastStatusCode: null, target: url });
    expect(row.lastError).toMatch(/^Could not reach the webhook: ECONNREFUSED/);
  });

  test("of two senders racing for a delivery, exactly one sends it", async () => {
    const { requests } = await listen();
    await queue();
    const attempted = await Promise.all([
      deliverDueAlerts({ owner: "sender A", clock: at(0) }),
      deliverDueAlerts({ owner: "sender B", clock: at(0) }),
    ]);
    expect(attempted.sort()).toEqual([0, 1]);
    expect(requests).toHaveLength(1);
  });

  test("a tenant not subscribed to the event, or without a channel, gets no delivery", async () => {
    listener = await startWebhookListener();
    await configureAlerts(instance.tenantId, { webhookUrl: listener.url, events: ["restore.failed"] });
    expect(await queue({ type: "backup.failed" })).toEqual([]);
    await configureAlerts(instance.tenantId, { events: ["backup.failed"] });
    expect(await queue({ type: "backup.failed" })).toEqual([]);
    expect(await prisma.alertDelivery.count({ where: { tenantId: instance.tenantId } })).toBe(0);
  });
});
