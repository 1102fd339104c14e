"use client";

import { useState } from "react";
import { buttonStyles, inputStyles } from "../ui/button-styles";

/**
 * A one-time set-password link, shown once: the server keeps only its digest, so closing this is
 * the last chance to copy it. The server answers the path; the address is this page's origin.
 */
export function SetPasswordLink({ path, userName, hours }: { path: string; userName: string; hours: number }) {
  const [copied, setCopied] = useState(false);
  const url = `${window.location.origin}${path}`;
  return (
    <div className="space-y-2 text-sm">
      <label htmlFor="set-password-link" className="block font-medium">
        Set-password link for {userName}
      </label>
      <div className="flex gap-2">
        <input
          id="set-password-link"
          readOnly
          value={url}
          className={`${inputStyles} font-mono text-xs`}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby="set-password-link-hint"
        />
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={async () => {
            await navigator.clipboard.writeText(url);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p id="set-password-link-hint" className="text-slate-600 dark:text-slate-400">
        Send it to {userName} yourself. It is shown only now, works once, and expires in {hours} hours.
      </p>
    </div>
  );
}
