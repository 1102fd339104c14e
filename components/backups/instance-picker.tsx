"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { rememberedInstanceCookieText } from "@/lib/backups/remembered-instance";
import { inputStyles } from "../ui/button-styles";

export type PickerInstance = { id: string; name: string; tenantName: string };

/**
 * Remembers the instance on screen for the next visit to `/backups` without one. Written here,
 * when the page is really shown, because a server response cannot tell a view from a link
 * prefetch or a background refresh (Next.js hides its router headers from the proxy).
 */
function rememberInstance(instanceId: string) {
  const text = rememberedInstanceCookieText(instanceId, { secure: window.location.protocol === "https:" });
  if (text !== null) document.cookie = text;
}

/** The "Backups for" drop-down: instances grouped by tenant; the choice lives in the URL. */
export function InstancePicker({
  instances,
  selectedId,
  describedBy,
}: {
  instances: PickerInstance[];
  selectedId: string;
  /** The element that tells the selected instance's backup health. */
  describedBy?: string;
}) {
  const router = useRouter();
  useEffect(() => rememberInstance(selectedId), [selectedId]);
  const tenants = [...new Set(instances.map((i) => i.tenantName))];
  return (
    <div className="max-w-sm">
      <label htmlFor="backups-for" className="mb-1 block text-sm font-medium">
        Backups for
      </label>
      <select
        id="backups-for"
        className={inputStyles}
        value={selectedId}
        aria-describedby={describedBy}
        onChange={(event) => router.push(`/backups?instance=${encodeURIComponent(event.target.value)}`)}
      >
        {tenants.map((tenant) => (
          <optgroup key={tenant} label={tenant}>
            {instances
              .filter((i) => i.tenantName === tenant)
              .map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
