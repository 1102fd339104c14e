"use client";

import { useState, useTransition } from "react";
import { sendTestAlertAction } from "@/app/(admin)/alerts/actions";
import { buttonStyles } from "../ui/button-styles";
import { FormAlert } from "../ui/dialog-parts";

type Result = { channel: "Webhook" | "Email"; status: string; statusCode: number | null; error: string | null };

const channelLabels = { Webhook: "Webhook", Email: "E-mail" } as const;

/** Send test → a test alert to every configured channel now, and what each one answered. */
export function SendTestButton({ tenantId }: { tenantId: string }) {
  const [results, setResults] = useState<Result[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function send() {
    setError(null);
    setResults(null);
    startTransition(async () => {
      const result = await sendTestAlertAction({ tenantId });
      if (!result.ok) setError(result.error);
      else setResults(result.data);
    });
  }

  return (
    <div className="space-y-3 text-sm">
      <button type="button" className={buttonStyles.secondary} onClick={send} disabled={pending} aria-busy={pending}>
        {pending ? "Sending…" : "Send test"}
      </button>
      <FormAlert>{error}</FormAlert>
      <div role="status">
        {results && (
          <ul className="space-y-1" aria-label="Test results">
            {results.map((r) => (
              <li key={r.channel}>
                {channelLabels[r.channel]}:{" "}
                {r.status === "Delivered"
                  ? `delivered${r.statusCode ? ` (${r.statusCode})` : ""}.`
                  : `not delivered${r.error ? ` — ${r.error}` : ""} It will be retried.`}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
