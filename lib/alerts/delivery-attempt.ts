/** What one attempt to deliver an alert answered, as the delivery log shows it. */
export type DeliveryAttempt = {
  delivered: boolean;
  /** The webhook's HTTP status, or the SMTP server's reply code. */
  statusCode: number | null;
  /** The start of the webhook's response body, or the SMTP server's reply. */
  response: string | null;
  error: string | null;
};

/** Log fields are kept short: a receiver's error page must not fill the database. */
export const clip = (text: string, max = 500) => (text.length > max ? `${text.slice(0, max)}…` : text);
