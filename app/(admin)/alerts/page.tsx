import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { TenantPicker } from "@/components/tenant-picker";
import { AlertSettingsForm } from "@/components/alerts/alert-settings-form";
import { DeliveryLog } from "@/components/alerts/delivery-log";
import { SendTestButton } from "@/components/alerts/send-test-button";
import { findAlertSettingsView } from "@/lib/alerts/alert-settings";
import { listAlertDeliveries } from "@/lib/alerts/list-alert-deliveries";
import { listAlertTenants } from "@/lib/alerts/list-alert-tenants";
import { requireAdminPage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ tenant?: string | string[] }> }) {
  const actor = await requireAdminPage("/alerts");
  const tenants = await listAlertTenants({ actor });
  // Only Global admins configure alerts; everyone else with admin access gets the 403 page.
  if (tenants.length === 0) forbidden();
  const wanted = (await searchParams).tenant;
  const tenant = tenants.find((t) => t.id === wanted) ?? tenants[0]!;
  const [settings, deliveries] = await Promise.all([
    findAlertSettingsView({ tenant }),
    listAlertDeliveries({ tenant }),
  ]);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Alerts</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Tell people when something is wrong with {tenant.name}&apos;s backups and restores, by webhook and e-mail.
        </p>
      </div>
      <TenantPicker tenants={tenants} currentId={tenant.id} path="/alerts" />
      <section aria-labelledby="alert-settings-heading" className="space-y-3">
        <h2 id="alert-settings-heading" className="text-lg font-semibold">
          Where alerts go
        </h2>
        {/* Keyed by tenant, so switching organisation starts from that tenant's saved settings. */}
        <AlertSettingsForm key={tenant.id} tenant={{ id: tenant.id, name: tenant.name }} settings={settings} />
      </section>
      <section aria-labelledby="send-test-heading" className="space-y-3">
        <h2 id="send-test-heading" className="text-lg font-semibold">
          Send test
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Sends a test alert to the saved webhook and recipients now and shows what each answered.
        </p>
        <SendTestButton key={tenant.id} tenantId={tenant.id} />
      </section>
      <section aria-labelledby="delivery-log-heading" className="space-y-3">
        <h2 id="delivery-log-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        <DeliveryLog tenantName={tenant.name} deliveries={deliveries} />
      </section>
    </div>
  );
}
