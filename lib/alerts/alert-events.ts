// The events an admin can be alerted about, and the test event "Send test" delivers. Shared by the
// Alerts page's form, the server's schemas and the outbox.

export const alertEventTypes = [
  "backup.failed",
  "backup.missed",
  "verification.failed",
  "restore.started",
  "restore.succeeded",
  "restore.failed",
] as const;

export type AlertEventType = (typeof alertEventTypes)[number];

/** What a delivery can carry: a subscribable event, or the test that "Send test" sends to every channel. */
export type AlertDeliveryType = AlertEventType | "test";

export const alertEventLabels: Record<AlertDeliveryType, string> = {
  "backup.failed": "Backup failed",
  "backup.missed": "Daily backup missed",
  "verification.failed": "Verification failed",
  "restore.started": "Restore started",
  "restore.succeeded": "Restore succeeded",
  "restore.failed": "Restore failed",
  test: "Test alert",
};

export function isAlertEventType(value: string): value is AlertEventType {
  return (alertEventTypes as readonly string[]).includes(value);
}

/** The JSON body of a webhook delivery, and what an alert e-mail is written from. */
export type AlertPayload = {
  id: string;
  type: AlertDeliveryType;
  occurredAt: string;
  tenant: { id: string; name: string };
  instance: { id: string; name: string } | null;
  backup: { id: string; label: string } | null;
  operation: { id: string; type: string } | null;
  message: string;
};
