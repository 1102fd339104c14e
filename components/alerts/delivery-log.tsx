import { DataTable, tableCardStyles } from "@/components/ui/data-table";
import { StateBadge } from "@/components/state-badge";
import { formatDateTime } from "@/lib/format";

type Delivery = {
  id: string;
  event: string;
  channel: "Webhook" | "Email";
  status: string;
  attempts: number;
  statusCode: number | null;
  response: string | null;
  error: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
};

/** The tenant's latest alert deliveries with what their last attempt answered. */
export function DeliveryLog({ tenantName, deliveries }: { tenantName: string; deliveries: Delivery[] }) {
  if (deliveries.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No alerts have been sent for {tenantName} yet.</p>;
  }
  return (
    <div className={tableCardStyles}>
      <DataTable
        caption={`Alert deliveries of ${tenantName}`}
        columns={[
          { key: "time", label: "Time" },
          { key: "event", label: "Event" },
          { key: "channel", label: "Channel" },
          { key: "status", label: "Status" },
          { key: "attempts", label: "Attempt", align: "right" },
          { key: "response", label: "Response" },
          { key: "error", label: "Error" },
        ]}
      >
        {deliveries.map((d) => (
          <tr key={d.id} data-testid="delivery-row">
            <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(d.lastAttemptAt ?? d.createdAt)}</td>
            <td className="px-3 py-2">{d.event}</td>
            <td className="px-3 py-2">{d.channel === "Email" ? "E-mail" : "Webhook"}</td>
            <td className="px-3 py-2">
              <StateBadge value={d.status} />
              {d.nextAttemptAt && (
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  next try {formatDateTime(d.nextAttemptAt)}
                </span>
              )}
            </td>
            <td className="px-3 py-2 text-right">{d.attempts}</td>
            <td className="px-3 py-2">
              {d.statusCode ?? ""}{" "}
              {d.response && <span className="text-slate-600 dark:text-slate-400">{d.response}</span>}
            </td>
            <td className="px-3 py-2 text-red-800 dark:text-red-300">{d.error}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
