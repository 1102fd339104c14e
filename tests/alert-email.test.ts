// Integration: alert e-mail through nodemailer to a real SMTP server (smtp-server) on 127.0.0.1,
// parsed back with mailparser: recipients, subject and body; a refused message is retried.
import type { Instance } from "@prisma/client";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { queueAlert } from "@/lib/alerts/queue-alert";
import { deliverDueAlerts } from "@/lib/alerts/run-alert-sender";
import { prisma } from "@/lib/db";
import type { SmtpConfig } from "@/lib/env";
import { startSmtpServer } from "./support/alert-receivers";
import { configureAlerts } from "./support/alert-settings";
import { createInstance, createTenant } from "./support/fixtures";

// Before the app reads its settings: e-mail alerts count as configured. The server's port is only
// known once it listens, so the sender is handed it directly.
vi.hoisted(() => {
  process.env.SMTP_HOST = "127.0.0.1";
  process.env.SMTP_FROM = "Backup Center <alerts@backup-center.test>";
});

let counter = 0;
let instance: Instance;
let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
const recipients = ["ops@contoso.test", "oncall@contoso.test"];

beforeEach(async () => {
  const tenant = await createTenant(`Mail tenant ${++counter}`);
  instance = await createInstance(tenant.id, { name: `Mail instance ${counter}` });
  await configureAlerts(tenant.id, { recipients });
});

afterEach(async () => {
  await smtp?.stop();
  smtp = undefined;
});

const smtpOf = (port: number): SmtpConfig => ({
  server: { host: "127.0.0.1", port },
  from: "Backup Center <alerts@backup-center.test>",
});

function queueRestoreFailed() {
  return prisma.$transaction((tx) =>
    queueAlert(tx, {
      type: "restore.failed",
      message: "The backup file failed verification: the file is missing from storage.",
      occurredAt: new Date("2026-12-01T09:30:00.000Z"),
      subject: { instanceId: instance.id },
    }),
  );
}

test("sends one message to every recipient with the event in the subject and body", async () => {
  smtp = await startSmtpServer();
  const [delivery] = await queueRestoreFailed();
  expect(delivery).toMatchObject({ channel: "Email", target: JSON.stringify(recipients) });

  await deliverDueAlerts({ owner: "sender", smtp: smtpOf(smtp.port) });

  expect(smtp.messages).toHaveLength(1);
  const [{ envelopeTo, mail }] = smtp.messages as [(typeof smtp.messages)[number]];
  expect(envelopeTo.sort()).toEqual([...recipients].sort());
  expect(mail.from?.text).toBe('"Backup Center" <alerts@backup-center.test>');
  expect(mail.subject).toBe(`[Backup Center] Restore failed: ${instance.name}`);
  expect(mail.headers.get("x-backupcenter-event-id")).toBe(delivery!.eventId);
  expect(mail.text).toContain("The backup file failed verification: the file is missing from storage.");
  expect(mail.text).toContain(`Organisation: Mail tenant ${counter}`);
  expect(mail.text).toContain(`Instance: ${instance.name}`);
  expect(mail.text).toContain("Time: 2026-12-01T09:30:00.000Z");
  const row = await prisma.alertDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
  expect(row).toMatchObject({ status: "Delivered", attempts: 1, lastStatusCode: 250, lastError: null });
  expect(row.lastResponse).toMatch(/^250 /);
});

test("an SMTP server that cannot be reached is a failed attempt, retried later", async () => {
  smtp = await startSmtpServer();
  const { port } = smtp;
  await smtp.stop();
  smtp = undefined;
  const [delivery] = await queueRestoreFailed();
  await deliverDueAlerts({ owner: "sender", smtp: smtpOf(port) });
  const row = await prisma.alertDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
  expect(row).toMatchObject({ status: "Pending", attempts: 1 });
  expect(row.lastError).toMatch(/^Could not send the e-mail: .*ECONNREFUSED/);
});
