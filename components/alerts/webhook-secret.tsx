"use client";

import { useState } from "react";
import { buttonStyles, inputStyles } from "../ui/button-styles";

/**
 * A webhook signing secret, shown once: the page never shows it again, so this is the moment to
 * copy it into the receiver's configuration.
 */
export function WebhookSecret({ secret }: { secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
      <label htmlFor="webhook-secret" className="block font-medium">
        Webhook signing secret
      </label>
      <div className="flex gap-2">
        <input
          id="webhook-secret"
          readOnly
          value={secret}
          className={`${inputStyles} font-mono text-xs`}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby="webhook-secret-hint"
        />
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={async () => {
            await navigator.clipboard.writeText(secret);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p id="webhook-secret-hint" className="text-slate-700 dark:text-slate-300">
        Copy it now: it is shown only once. Your receiver checks each request&apos;s X-BackupCenter-Signature with it.
      </p>
    </div>
  );
}
